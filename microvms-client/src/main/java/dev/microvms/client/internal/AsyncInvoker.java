package dev.microvms.client.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.model.wire.OperationBinding;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends one operation without blocking: prepares it once (token, checks, marshalling) as {@link Invoker}
 * does, then signs and sends attempts, each when the previous one failed and its backoff has passed on the
 * scheduler; no thread waits. Cancelling the returned future cancels the attempt in flight.
 */
public final class AsyncInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);

    private final URI endpoint;
    private final CallPreparer preparer;
    private final AsyncTransport transport;
    private final AwsRequestSigner signer;
    private final Supplier<CompletableFuture<? extends AwsCredentialsIdentity>> credentials;
    private final Backoff backoff;
    private final Scheduler scheduler;
    private final ResponseReader reader;
    private volatile boolean closed;

    /**
     * @param endpoint where requests go
     * @param preparer fills tokens, checks and marshals
     * @param transport sends requests
     * @param signer signs each attempt
     * @param credentials resolves credentials for each attempt, without blocking where the provider can
     * @param backoff the retry decisions
     * @param scheduler waits between attempts
     * @param reader reads answers
     */
    public AsyncInvoker(
            URI endpoint,
            CallPreparer preparer,
            AsyncTransport transport,
            AwsRequestSigner signer,
            Supplier<CompletableFuture<? extends AwsCredentialsIdentity>> credentials,
            Backoff backoff,
            Scheduler scheduler,
            ResponseReader reader) {
        this.endpoint = endpoint;
        this.preparer = preparer;
        this.transport = transport;
        this.signer = signer;
        this.credentials = credentials;
        this.backoff = backoff;
        this.scheduler = scheduler;
        this.reader = reader;
    }

    /**
     * Sends an operation.
     *
     * @param operation the operation's binding
     * @param request the request
     * @param <I> the request type
     * @param <O> the response type
     * @return the response; failed with an {@link dev.microvms.client.exception.InvalidRequestException}
     *     when the request fails a check, a {@link MicrovmsServiceException} when the service refuses it, a
     *     {@link MicrovmsClientException} when it cannot be sent
     */
    public <I, O> CompletableFuture<O> invoke(OperationBinding<I, O> operation, I request) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new MicrovmsClientException("The client is closed; create a new one."));
        }
        WireRequest unsigned;
        try {
            unsigned = preparer.prepare(operation, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call<O> call = new Call<>(operation, unsigned);
        call.attempt(1);
        return call.result;
    }

    /** One call: its attempts, and the future of its result. */
    private final class Call<O> {
        private final OperationBinding<?, O> operation;
        private final WireRequest unsigned;
        private final CompletableFuture<O> result = new CompletableFuture<>();
        private final AtomicReference<@Nullable CompletableFuture<?>> inFlight = new AtomicReference<>();

        Call(OperationBinding<?, O> operation, WireRequest unsigned) {
            this.operation = operation;
            this.unsigned = unsigned;
            result.whenComplete((value, failure) -> {
                CompletableFuture<?> attempt = inFlight.get();
                if (result.isCancelled() && attempt != null) {
                    attempt.cancel(true);
                }
            });
        }

        void attempt(int attempt) {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<WireResponse> answer;
            try {
                answer = credentials.get().thenCompose(identity -> {
                    CompletableFuture<WireResponse> sent = transport.sendAsync(signer.sign(unsigned, identity));
                    inFlight.set(sent);
                    if (result.isCancelled()) {
                        sent.cancel(true);
                    }
                    return sent;
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            answer.whenComplete((response, failure) -> {
                try {
                    if (failure != null) {
                        failed(attempt, unwrap(failure));
                    } else {
                        answered(attempt, response);
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        }

        private void answered(int attempt, WireResponse response) {
            if (ResponseReader.isSuccess(operation, response.status())) {
                result.complete(reader.response(operation, response));
                return;
            }
            MicrovmsServiceException error = reader.error(operation, response);
            if (attempt >= backoff.maxAttempts() || !error.isRetryable()) {
                result.completeExceptionally(error);
                return;
            }
            retry(attempt, error);
        }

        private void failed(int attempt, Throwable failure) {
            if (!(failure instanceof IOException)) {
                result.completeExceptionally(
                        failure instanceof MicrovmsException
                                ? failure
                                : new MicrovmsClientException(
                                        operation.name() + " to " + endpoint + " failed: " + failure, failure));
                return;
            }
            if (attempt >= backoff.maxAttempts()) {
                result.completeExceptionally(new MicrovmsClientException(
                        operation.name() + " to " + endpoint + " failed after " + attempt + " attempt(s): " + failure
                                + ". Check that the endpoint is right and reachable.",
                        failure));
                return;
            }
            LOG.debug("{} attempt {} failed: {}", operation.name(), attempt, failure.toString());
            retry(attempt, null);
        }

        private void retry(int attempt, @Nullable MicrovmsServiceException error) {
            Duration delay = backoff.delayAfter(attempt, error);
            if (error != null) {
                LOG.debug(
                        "{} attempt {} answered {}; retrying in {} ms",
                        operation.name(),
                        attempt,
                        error.errorCode(),
                        delay.toMillis());
            }
            scheduler.after(delay).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    attempt(attempt + 1);
                }
            });
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        closed = true;
        transport.close();
    }
}
