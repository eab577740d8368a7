package dev.microvms.sdk.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Passes every WebSocket event to the caller's listener and runs a hook once the socket is done
 * (closed by the server or broken), so whoever tracks open sockets can forget it.
 */
public final class TrackingListener implements WebSocket.Listener {
    private final WebSocket.Listener delegate;
    private final Runnable onDone;

    /**
     * @param delegate the caller's listener
     * @param onDone runs after the close or error event
     */
    public TrackingListener(WebSocket.Listener delegate, Runnable onDone) {
        this.delegate = delegate;
        this.onDone = onDone;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        delegate.onOpen(webSocket);
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        return delegate.onText(webSocket, data, last);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return delegate.onBinary(webSocket, data, last);
    }

    @Override
    public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        return delegate.onPing(webSocket, message);
    }

    @Override
    public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        return delegate.onPong(webSocket, message);
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        try {
            return delegate.onClose(webSocket, statusCode, reason);
        } finally {
            onDone.run();
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        try {
            delegate.onError(webSocket, error);
        } finally {
            onDone.run();
        }
    }
}
