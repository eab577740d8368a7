package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.sdk.internal.EndpointAddress;
import dev.microvms.sdk.internal.ProxyProtocol;
import dev.microvms.sdk.internal.ShellListener;
import dev.microvms.sdk.internal.WebSocketConnector;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Opens shells: a shell token, a WebSocket with the proxy's subprotocols, then the session_init message. */
final class Shells {
    private Shells() {}

    static ShellSession open(
            SdkContext ctx,
            String microvmId,
            URI baseUri,
            EndpointOptions options,
            WebSocketConnector connector,
            @Nullable Consumer<byte[]> output) {
        String token = Endpoint.authTokenOf(
                ctx.client
                        .createMicrovmShellAuthToken(CreateMicrovmShellAuthTokenRequest.builder()
                                .microvmIdentifier(microvmId)
                                .expirationInMinutes(
                                        (int) options.tokenLifetime().toMinutes())
                                .build())
                        .authToken(),
                "CreateMicrovmShellAuthToken");
        ShellListener listener = new ShellListener(options.objectMapper(), output);
        URI uri = EndpointAddress.webSocketUri(baseUri, "/");
        WebSocket socket =
                connector.connect(uri, options.port(), ProxyProtocol.subprotocols(token, null, List.of()), listener);
        String sessionId;
        try {
            sessionId = listener.sessionId().get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            socket.abort();
            throw new MicrovmsClientException(
                    "The shell at " + uri + " did not start: no session_init message ("
                            + (e instanceof ExecutionException ? e.getCause() : "timed out") + "). A shell needs the"
                            + " SHELL_INGRESS network connector on the MicroVM.",
                    e);
        } catch (InterruptedException e) {
            socket.abort();
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while opening a shell on " + microvmId + ".", e);
        }
        return new ShellSession(socket, listener, sessionId, options.objectMapper(), output != null);
    }
}
