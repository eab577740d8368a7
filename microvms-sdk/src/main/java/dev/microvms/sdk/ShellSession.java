package dev.microvms.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.internal.ShellListener;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An interactive shell on a MicroVM run with the SHELL_INGRESS connector: raw PTY bytes both ways over a
 * WebSocket. Write keystrokes with {@link #write(byte[])}, read the terminal's output from {@link
 * #output()} (or from the listener given to {@link Endpoint#shell(java.util.function.Consumer)}), resize
 * the terminal, and close it; the shell also ends on its own when its process exits.
 *
 * <pre>{@code
 * try (ShellSession shell = microvm.shell()) {
 *     shell.resize(120, 40);
 *     shell.write("uname -a; exit\n");
 *     System.out.print(new String(shell.output().readAllBytes(), StandardCharsets.UTF_8));
 * }
 * }</pre>
 */
public final class ShellSession implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How the shell ended.
     *
     * @param statusCode the WebSocket close code, 1000 when the shell exited normally
     * @param reason the close reason, such as {@code shell exited}
     */
    public record Exit(int statusCode, String reason) {
        /** @return true for a normal close (1000) */
        public boolean normal() {
            return statusCode == WebSocket.NORMAL_CLOSURE;
        }
    }

    private final WebSocket socket;
    private final ShellListener listener;
    private final String sessionId;
    private final ObjectMapper mapper;
    private final boolean outputToListener;

    ShellSession(
            WebSocket socket, ShellListener listener, String sessionId, ObjectMapper mapper, boolean outputToListener) {
        this.socket = socket;
        this.listener = listener;
        this.sessionId = sessionId;
        this.mapper = mapper;
        this.outputToListener = outputToListener;
    }

    /** @return the id the server gave the session in its {@code session_init} message */
    public String sessionId() {
        return sessionId;
    }

    /**
     * Sends bytes to the shell, as typed on a terminal.
     *
     * @param bytes the bytes
     * @throws MicrovmsClientException when the shell is closed
     */
    public synchronized void write(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes.clone()), true), "write to");
    }

    /**
     * Sends text to the shell as UTF-8, such as {@code "ls -l\n"}.
     *
     * @param text the text
     * @throws MicrovmsClientException when the shell is closed
     */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Resizes the terminal.
     *
     * @param cols columns, 1 or more
     * @param rows rows, 1 or more
     * @throws MicrovmsClientException when the shell is closed
     */
    public synchronized void resize(int cols, int rows) {
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException(
                    "the terminal size " + cols + "x" + rows + " is not possible; give at least 1 column and 1 row");
        }
        String message = mapper.createObjectNode()
                .put("type", "resize")
                .put("cols", cols)
                .put("rows", rows)
                .toString();
        await(socket.sendText(message, true), "resize");
    }

    /**
     * Returns the terminal's output as a stream that ends when the shell closes.
     *
     * @return the stream
     * @throws IllegalStateException when a listener takes the output instead
     */
    public InputStream output() {
        if (outputToListener) {
            throw new IllegalStateException("This shell hands its output to the listener given to shell(...);"
                    + " open it with shell() to read the output as a stream.");
        }
        return listener.output();
    }

    /** @return completes when the shell closes, with the close code and reason */
    public CompletableFuture<Exit> exit() {
        return listener.exit();
    }

    /** @return true while both directions are open */
    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /**
     * Drops the connection at once, without the closing handshake: the shell and what it runs are killed,
     * as when a network cable is pulled. For cancelling; {@link #close()} is the polite way.
     */
    public void abort() {
        socket.abort();
        listener.aborted();
    }

    /** Closes the shell: sends a normal close and waits a little for the server's, then drops the connection. */
    @Override
    public synchronized void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                listener.exit().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The server did not close in time or the connection is broken: drop it below.
            }
        }
        socket.abort();
    }

    private void await(CompletableFuture<WebSocket> sent, String action) {
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MicrovmsClientException(
                    "Could not " + action + " shell session " + sessionId + " (" + e.getCause()
                            + "); the shell is closed once its process exits.",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new MicrovmsClientException(
                    "Could not " + action + " shell session " + sessionId + " within " + SEND_TIMEOUT.toSeconds()
                            + "s; the connection is stuck.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException(
                    "Interrupted while trying to " + action + " shell session " + sessionId + ".", e);
        }
    }
}
