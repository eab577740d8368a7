package dev.microvms.sdk.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to an endpoint with the token and port headers, and tries again while the proxy
 * answers 502, as it does right after a start until the app serves. The body of a 502 that will be
 * retried is thrown away, so a streaming handler only ever sees the answer that counts.
 */
public final class EndpointHttp {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointHttp.class);

    /**
     * A response and how many attempts it took.
     *
     * @param response the response
     * @param attempts the attempts, from 1
     * @param <B> the body type
     */
    public record Sent<B>(HttpResponse<B> response, int attempts) {}

    private final HttpClient http;
    private final TokenCache tokens;
    private final Sleeper sleeper;
    private final int attempts;
    private final Duration backoff;

    /**
     * @param http the HTTP client
     * @param tokens the tokens
     * @param sleeper waits between attempts
     * @param attempts attempts in all while the answer is 502
     * @param backoff the first wait after a 502; doubles after each
     */
    public EndpointHttp(HttpClient http, TokenCache tokens, Sleeper sleeper, int attempts, Duration backoff) {
        this.http = http;
        this.tokens = tokens;
        this.sleeper = sleeper;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /**
     * Sends a request.
     *
     * @param uri the full URL
     * @param method the method
     * @param headers the caller's headers
     * @param body the body, or null for none
     * @param port the port to reach
     * @param timeout how long to wait for the answer's headers
     * @param handler reads the body of the answer that counts
     * @param <B> the body type
     * @return the answer, which may have any status, 502 included once the attempts are used up
     */
    public <B> Sent<B> send(
            URI uri,
            String method,
            Map<String, List<String>> headers,
            byte @Nullable [] body,
            int port,
            Duration timeout,
            HttpResponse.BodyHandler<B> handler) {
        return send(
                uri,
                method,
                headers,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body),
                attempts,
                port,
                timeout,
                handler);
    }

    /**
     * Sends a request with a body that may be read only once, such as a stream: one attempt, whatever the
     * answer.
     *
     * @param uri the full URL
     * @param method the method
     * @param headers the caller's headers
     * @param body the body
     * @param port the port to reach
     * @param timeout how long to wait for the answer's headers
     * @param handler reads the body of the answer
     * @param <B> the body type
     * @return the answer
     */
    public <B> Sent<B> sendOnce(
            URI uri,
            String method,
            Map<String, List<String>> headers,
            HttpRequest.BodyPublisher body,
            int port,
            Duration timeout,
            HttpResponse.BodyHandler<B> handler) {
        return send(uri, method, headers, body, 1, port, timeout, handler);
    }

    private <B> Sent<B> send(
            URI uri,
            String method,
            Map<String, List<String>> headers,
            HttpRequest.BodyPublisher body,
            int maxAttempts,
            int port,
            Duration timeout,
            HttpResponse.BodyHandler<B> handler) {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= maxAttempts;
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
            headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
            request.setHeader(ProxyProtocol.AUTH_HEADER, tokens.tokenFor(port));
            request.setHeader(ProxyProtocol.PORT_HEADER, Integer.toString(port));
            HttpResponse<B> response = exchange(
                    request.build(),
                    info -> !last && info.statusCode() == 502
                            ? HttpResponse.BodySubscribers.<B>replacing(null)
                            : handler.apply(info));
            if (response.statusCode() != 502 || last) {
                return new Sent<>(response, attempt);
            }
            LOG.debug(
                    "{} {} answered 502 (attempt {} of {}); trying again in {}",
                    method,
                    uri,
                    attempt,
                    maxAttempts,
                    wait);
            pause(uri, wait);
            wait = wait.multipliedBy(2);
        }
    }

    private <B> HttpResponse<B> exchange(HttpRequest request, HttpResponse.BodyHandler<B> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new MicrovmsClientException(
                    request.method() + " " + request.uri() + " got no answer within "
                            + request.timeout().map(Durations::format).orElse("the timeout")
                            + "; raise it with EndpointOptions.requestTimeout or EndpointRequest.timeout if the app is slow.",
                    e);
        } catch (IOException e) {
            throw new MicrovmsClientException(
                    "Could not reach " + request.uri() + " (" + e
                            + "); check the MicroVM is RUNNING and its endpoint is reachable from here.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while calling " + request.uri() + ".", e);
        }
    }

    private void pause(URI uri, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while waiting to call " + uri + " again.", e);
        }
    }
}
