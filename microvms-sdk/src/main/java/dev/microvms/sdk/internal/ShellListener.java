package dev.microvms.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.sdk.ShellSession;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the shell's side of the WebSocket: the first text frame {@code
 * {"type":"session_init","session_id":"..."}} gives the session id; binary frames are the PTY's output,
 * handed to a listener or to an {@link ShellOutput}; the close frame (1000 {@code shell exited}) ends it.
 */
public final class ShellListener implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ShellListener.class);

    private final ObjectMapper mapper;
    private final @Nullable Consumer<byte[]> outputListener;
    private final ShellOutput output = new ShellOutput();
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<String> sessionId = new CompletableFuture<>();
    private final CompletableFuture<ShellSession.Exit> exit = new CompletableFuture<>();

    /**
     * @param mapper reads the text frames
     * @param outputListener gets the output as it comes, or null to read it from {@link #output()}
     */
    public ShellListener(ObjectMapper mapper, @Nullable Consumer<byte[]> outputListener) {
        this.mapper = mapper;
        this.outputListener = outputListener;
    }

    /** @return completes with the id from {@code session_init} */
    public CompletableFuture<String> sessionId() {
        return sessionId;
    }

    /** @return completes when the shell closes */
    public CompletableFuture<ShellSession.Exit> exit() {
        return exit;
    }

    /** @return the output, when no listener takes it */
    public ShellOutput output() {
        return output;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            control(message);
        }
        webSocket.request(1);
        return null;
    }

    private void control(String message) {
        try {
            JsonNode node = mapper.readTree(message);
            String type = node.path("type").asText("");
            if (type.equals("session_init")) {
                sessionId.complete(node.path("session_id").asText(""));
            } else {
                LOG.debug("Shell control message of type '{}' ignored: {}", type, message);
            }
        } catch (IOException e) {
            LOG.debug("Shell text frame that is not JSON ignored: {}", message);
        }
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (outputListener != null) {
            try {
                outputListener.accept(bytes);
            } finally {
                webSocket.request(1);
            }
        } else {
            output.offer(bytes, () -> webSocket.request(1));
        }
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ShellSession.Exit ended = new ShellSession.Exit(statusCode, reason);
        sessionId.completeExceptionally(
                new IOException("the shell closed before its session_init message: " + statusCode + " " + reason));
        output.end();
        exit.complete(ended);
        return null;
    }

    /** Ends the output and the exit when the connection was dropped here, which the WebSocket reports to nobody. */
    public void aborted() {
        IOException error = new IOException("the shell session was aborted");
        sessionId.completeExceptionally(error);
        output.fail(error);
        exit.completeExceptionally(error);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        sessionId.completeExceptionally(error);
        output.fail(error);
        exit.completeExceptionally(error);
    }
}
