package dev.microvms.client.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.model.wire.OperationBinding;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends one operation: prepares it once (token, checks, marshalling), then signs and sends attempts until
 * one succeeds, an error is not retryable, or the attempts run out, sleeping between them.
 */
public final class Invoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);

    private final URI endpoint;
    private final CallPreparer preparer;
    private final Transport transport;
    private final AwsRequestSigner signer;
    private final Supplier<AwsCredentialsIdentity> credentials;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final ResponseReader reader;
    private volatile boolean closed;

    /**
     * @param endpoint where requests go
     * @param preparer fills tokens, checks and marshals
     * @param transport sends requests
     * @param signer signs each attempt
     * @param credentials resolves credentials for each attempt (providers cache and refresh them)
     * @param backoff the retry decisions
     * @param sleeper waits between attempts
     * @param reader reads answers
     */
    public Invoker(
            URI endpoint,
            CallPreparer preparer,
            Transport transport,
            AwsRequestSigner signer,
            Supplier<AwsCredentialsIdentity> credentials,
            Backoff backoff,
            Sleeper sleeper,
            ResponseReader reader) {
        this.endpoint = endpoint;
        this.preparer = preparer;
        this.transport = transport;
        this.signer = signer;
        this.credentials = credentials;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.reader = reader;
    }

    /**
     * Sends an operation.
     *
     * @param operation the operation's binding
     * @param request the request
     * @param <I> the request type
     * @param <O> the response type
     * @return the response
     */
    public <I, O> O invoke(OperationBinding<I, O> operation, I request) {
        if (closed) {
            throw new MicrovmsClientException("The client is closed; create a new one.");
        }
        WireRequest unsigned = preparer.prepare(operation, request);
        for (int attempt = 1; ; attempt++) {
            MicrovmsServiceException serviceError = null;
            try {
                WireResponse answer = transport.send(signer.sign(unsigned, credentials.get()));
                if (ResponseReader.isSuccess(operation, answer.status())) {
                    return reader.response(operation, answer);
                }
                serviceError = reader.error(operation, answer);
                if (attempt >= backoff.maxAttempts() || !serviceError.isRetryable()) {
                    throw serviceError;
                }
            } catch (IOException e) {
                if (attempt >= backoff.maxAttempts()) {
                    throw new MicrovmsClientException(
                            operation.name() + " to " + endpoint + " failed after " + attempt + " attempt(s): " + e
                                    + ". Check that the endpoint is right and reachable.",
                            e);
                }
                LOG.debug("{} attempt {} failed: {}", operation.name(), attempt, e.toString());
            }
            Duration delay = backoff.delayAfter(attempt, serviceError);
            if (serviceError != null) {
                LOG.debug(
                        "{} attempt {} answered {}; retrying in {} ms",
                        operation.name(),
                        attempt,
                        serviceError.errorCode(),
                        delay.toMillis());
            }
            pause(delay);
        }
    }

    private void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        transport.close();
    }
}
