package dev.microvms.sdk.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.EndpointException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a WebSocket through the endpoint's proxy with the JDK's client, offering the proxy's
 * subprotocols (the JDK does not let a caller set {@code Sec-WebSocket-Protocol} as a header). A
 * handshake answered 502 is tried again, as for plain requests; any other refusal becomes an {@link
 * EndpointException} with the status and body.
 */
public final class WebSocketConnector {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnector.class);

    private final HttpClient http;
    private final Sleeper sleeper;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;

    /**
     * @param http the HTTP client
     * @param sleeper waits between attempts
     * @param attempts attempts in all while the handshake is answered 502
     * @param backoff the first wait after a 502; doubles after each
     * @param timeout how long one handshake may take
     */
    public WebSocketConnector(HttpClient http, Sleeper sleeper, int attempts, Duration backoff, Duration timeout) {
        this.http = http;
        this.sleeper = sleeper;
        this.attempts = attempts;
        this.backoff = backoff;
        this.timeout = timeout;
    }

    /**
     * Opens the WebSocket.
     *
     * @param uri the ws or wss URL
     * @param port the port, for messages
     * @param subprotocols the subprotocols to offer, most preferred first; not empty
     * @param listener receives the messages
     * @return the open WebSocket
     */
    public WebSocket connect(URI uri, int port, List<String> subprotocols, WebSocket.Listener listener) {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return http.newWebSocketBuilder()
                        .connectTimeout(timeout)
                        .subprotocols(
                                subprotocols.get(0),
                                subprotocols.subList(1, subprotocols.size()).toArray(String[]::new))
                        .buildAsync(uri, listener)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof WebSocketHandshakeException)) {
                    throw new MicrovmsClientException(
                            "Could not open a WebSocket to " + uri + " (" + cause
                                    + "); check the MicroVM is RUNNING and the app accepts WebSockets on port " + port
                                    + ".",
                            cause);
                }
                HttpResponse<?> refused = ((WebSocketHandshakeException) cause).getResponse();
                if (refused.statusCode() != 502 || attempt >= attempts) {
                    throw new EndpointException("GET", uri, port, refused.statusCode(), bodyOf(refused), attempt);
                }
                LOG.debug(
                        "WebSocket {} answered 502 (attempt {} of {}); trying again in {}",
                        uri,
                        attempt,
                        attempts,
                        wait);
                pause(uri, wait);
                wait = wait.multipliedBy(2);
            } catch (TimeoutException e) {
                throw new MicrovmsClientException(
                        "The WebSocket handshake with " + uri + " took longer than " + Durations.format(timeout)
                                + "; raise EndpointOptions.requestTimeout if the app is slow.",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MicrovmsClientException("Interrupted while opening a WebSocket to " + uri + ".", e);
            }
        }
    }

    private static String bodyOf(HttpResponse<?> response) {
        Object body = response.body();
        if (body instanceof byte[]) {
            return new String((byte[]) body, StandardCharsets.UTF_8);
        }
        return body == null ? "" : body.toString();
    }

    private void pause(URI uri, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while waiting to open a WebSocket to " + uri + ".", e);
        }
    }
}
