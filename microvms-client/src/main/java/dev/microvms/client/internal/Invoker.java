package dev.microvms.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends one operation: checks the request, fills its idempotency token once (so every attempt carries
 * the same one), marshals it, then signs and sends attempts until one succeeds, an error is not
 * retryable, or the attempts run out.
 */
public final class Invoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);
    private static final ObjectMapper JSON = WireJson.mapper();

    private final URI endpoint;
    private final Transport transport;
    private final AwsRequestSigner signer;
    private final Supplier<AwsCredentialsIdentity> credentials;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final ErrorDecoder errors;
    private final String userAgent;
    private volatile boolean closed;

    /**
     * @param endpoint where requests go, without a trailing slash
     * @param transport sends requests
     * @param signer signs each attempt
     * @param credentials resolves credentials for each attempt (providers cache and refresh them)
     * @param backoff the retry decisions
     * @param sleeper waits between attempts
     * @param errors reads error responses
     * @param userAgent the User-Agent header
     */
    public Invoker(
            URI endpoint,
            Transport transport,
            AwsRequestSigner signer,
            Supplier<AwsCredentialsIdentity> credentials,
            Backoff backoff,
            Sleeper sleeper,
            ErrorDecoder errors,
            String userAgent) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.signer = signer;
        this.credentials = credentials;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.errors = errors;
        this.userAgent = userAgent;
    }

    /** @return where requests go */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Sends an operation.
     *
     * @param operation the operation's wire definition
     * @param request the request
     * @param <I> the request type
     * @param <O> the response type
     * @return the response
     */
    public <I, O> O invoke(Operation<I, O> operation, I request) {
        if (closed) {
            throw new MicrovmsClientException("The client is closed; create a new one.");
        }
        RequestChecks.check(request);
        I filled = withIdempotencyToken(request);
        WireRequest unsigned = marshal(operation, filled);
        for (int attempt = 1; ; attempt++) {
            MicrovmsServiceException serviceError;
            IOException ioError = null;
            try {
                WireResponse response = transport.send(signer.sign(unsigned, credentials.get()));
                if (response.status() == operation.successStatus() || isOtherSuccess(response.status())) {
                    return read(operation, response);
                }
                serviceError = errors.decode(response);
                if (attempt >= backoff.maxAttempts() || !Backoff.isRetryable(serviceError)) {
                    throw serviceError;
                }
            } catch (IOException e) {
                serviceError = null;
                ioError = e;
                if (attempt >= backoff.maxAttempts()) {
                    throw new MicrovmsClientException(
                            operation.name() + " to " + endpoint + " failed after " + attempt + " attempt(s): " + e
                                    + ". Check that the endpoint is right and reachable.",
                            e);
                }
            }
            Duration delay = backoff.delayAfter(attempt, serviceError);
            LOG.debug(
                    "{} attempt {} failed ({}); retrying in {} ms",
                    operation.name(),
                    attempt,
                    serviceError != null ? serviceError.errorCode() : String.valueOf(ioError),
                    delay.toMillis());
            pause(delay);
        }
    }

    /** 2xx answers other than the modelled one are successes too (a 200 where 201 is modelled, say). */
    private static boolean isOtherSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * Builds the unsigned request of an operation.
     *
     * @param operation the operation
     * @param request the request, with its token already filled
     * @param <I> the request type
     * @return the request as it goes on the wire, before signing
     */
    public <I> WireRequest marshal(Operation<I, ?> operation, I request) {
        StringBuilder uri =
                new StringBuilder(endpoint.toString()).append(operation.path().apply(request));
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter :
                operation.query().apply(request).entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(separator)
                        .append(Operations.encode(parameter.getKey()))
                        .append('=')
                        .append(Operations.encode(value));
                separator = '&';
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("User-Agent", List.of(userAgent));
        headers.put("Accept", List.of("application/json"));
        byte[] body = new byte[0];
        ObjectNode json = operation.body().apply(request);
        if (json != null) {
            try {
                body = JSON.writeValueAsBytes(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            headers.put("Content-Type", List.of("application/json"));
        }
        return new WireRequest(operation.method(), URI.create(uri.toString()), headers, body);
    }

    /**
     * Fills the idempotency token of the three operations that take one, once, before the first attempt.
     */
    @SuppressWarnings("unchecked")
    static <I> I withIdempotencyToken(I request) {
        if (request instanceof RunMicrovmRequest r && r.clientToken() == null) {
            return (I) r.toBuilder().clientToken(newToken()).build();
        }
        if (request instanceof CreateMicrovmImageRequest r && r.clientToken() == null) {
            return (I) r.toBuilder().clientToken(newToken()).build();
        }
        if (request instanceof UpdateMicrovmImageRequest r && r.clientToken() == null) {
            return (I) r.toBuilder().clientToken(newToken()).build();
        }
        return request;
    }

    private static String newToken() {
        return UUID.randomUUID().toString();
    }

    private static <O> O read(Operation<?, O> operation, WireResponse response) {
        JsonNode json = parse(operation, response);
        try {
            return operation.reader().apply(json);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new MicrovmsClientException(
                    operation.name() + " answered " + response.status()
                            + " with a body that does not fit the service model: " + preview(response.body())
                            + ". Is the endpoint an AWS Lambda MicroVMs endpoint?",
                    e);
        }
    }

    private static JsonNode parse(Operation<?, ?> operation, WireResponse response) {
        if (response.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new MicrovmsClientException(
                    operation.name() + " answered " + response.status() + " with a body that is not JSON: "
                            + preview(response.body()),
                    e);
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
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
