package dev.microvms.emulator.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.proxy.UpgradeRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shell session on a MicroVM's endpoint, as the service runs it: the server's first frame is the text
 * {@code {"type":"session_init","session_id":"<uuid>"}}, binary frames carry the terminal's bytes both
 * ways, a client text frame {@code {"type":"resize","cols":120,"rows":40}} resizes the terminal, the
 * shell's exit closes the WebSocket with 1000 {@code shell exited}, and the client's close ends the shell.
 */
final class ShellBridge {
    static final String PROTOCOL = "lambda-microvms";
    static final String EXITED = "shell exited";

    private static final Logger LOG = LoggerFactory.getLogger(ShellBridge.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keystrokes and pastes; a larger message is a client gone wrong. */
    private static final int MAX_MESSAGE = 1 << 20;
    /** The largest terminal a resize may ask for, so a typo cannot make the shell allocate wildly. */
    private static final int MAX_SIZE = 10_000;
    /** How long the output may still flow after the shell ended (a background job holding the terminal). */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(1);
    /** How long a client gets to answer our close frame before the connection is cut. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final WebSocketConnection socket;
    private final Terminal terminal;
    private final Closeable connection;
    private final ExecutorService threads;
    private final Runnable activity;
    private final String sessionId = UUID.randomUUID().toString();
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private volatile boolean outputEnded;

    /**
     * @param in the client connection's input, after the handshake
     * @param out the client connection's output
     * @param connection cuts the client connection when it does not close on its own
     * @param terminal the shell
     * @param threads runs the copy of the terminal's output
     * @param activity called for each message from the client, which keeps the MicroVM from idling
     */
    ShellBridge(
            InputStream in,
            OutputStream out,
            Closeable connection,
            Terminal terminal,
            ExecutorService threads,
            Runnable activity) {
        this.socket = new WebSocketConnection(in, out, MAX_MESSAGE);
        this.connection = connection;
        this.terminal = terminal;
        this.threads = threads;
        this.activity = activity;
    }

    /**
     * @param request the upgrade request
     * @return why the request is not a WebSocket handshake this server can accept, or null when it is
     */
    static @Nullable String handshakeError(UpgradeRequest request) {
        String key = request.header("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return "A WebSocket handshake needs a Sec-WebSocket-Key header";
        }
        String version = request.header("Sec-WebSocket-Version");
        if (version == null || !version.trim().equals("13")) {
            return "Only WebSocket version 13 is supported (Sec-WebSocket-Version: 13)";
        }
        return null;
    }

    /**
     * Answers the handshake: 101, the accept key, and {@value #PROTOCOL} as the subprotocol when offered.
     *
     * @param request the upgrade request, checked by {@link #handshakeError(UpgradeRequest)}
     * @param protocols the subprotocols the client offered
     * @param out the client connection's output
     * @throws IOException when the client went away
     */
    static void accept(UpgradeRequest request, List<String> protocols, OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ")
                .append(WebSocketConnection.accept(String.valueOf(request.header("Sec-WebSocket-Key"))))
                .append("\r\n");
        // A server may only choose a subprotocol the client offered; a header-authenticated client may offer none.
        if (protocols.contains(PROTOCOL)) {
            head.append("Sec-WebSocket-Protocol: ").append(PROTOCOL).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** @return the id sent in {@code session_init} */
    String sessionId() {
        return sessionId;
    }

    /**
     * Runs the session until the shell exits or the client leaves; the shell is killed either way.
     *
     * @throws InterruptedException when the thread is interrupted
     */
    void run() throws InterruptedException {
        Future<?> pump;
        try {
            socket.sendText(JSON.createObjectNode()
                    .put("type", "session_init")
                    .put("session_id", sessionId)
                    .toString());
            pump = threads.submit(this::pumpOutput);
        } catch (IOException | RuntimeException e) {
            terminal.close();
            LOG.debug("Shell session {} could not start: {}", sessionId, e.toString());
            return;
        }
        var unused = terminal.exited().thenRun(this::endOutputSoon);
        try {
            readInput();
        } finally {
            readerDone.countDown();
            terminal.close();
            await(pump);
        }
    }

    private void readInput() {
        try {
            for (WebSocketConnection.Message m = socket.read(); m != null; m = socket.read()) {
                activity.run();
                if (m.text()) {
                    control(m.asText());
                } else {
                    terminal.input().write(m.payload());
                    terminal.input().flush();
                }
            }
            LOG.debug(
                    "Shell session {} closed by the client: {} {}",
                    sessionId,
                    socket.closeCode(),
                    socket.closeReason());
        } catch (IOException e) {
            // The client went away, or the shell no longer reads: either way the session is over.
            LOG.debug("Shell session {} ended: {}", sessionId, e.toString());
        }
    }

    private void control(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node != null && node.path("type").asText("").equals("resize")) {
                int cols = node.path("cols").asInt(0);
                int rows = node.path("rows").asInt(0);
                if (cols >= 1 && rows >= 1 && cols <= MAX_SIZE && rows <= MAX_SIZE) {
                    terminal.resize(cols, rows);
                    return;
                }
            }
            LOG.debug("Shell session {} ignored the text message {}", sessionId, message);
        } catch (IOException e) {
            LOG.debug("Shell session {} ignored a text message that is not a resize: {}", sessionId, e.toString());
        }
    }

    /** Copies the terminal's output to the client; once it ends, closes with 1000 {@value #EXITED}. */
    private void pumpOutput() {
        byte[] buffer = new byte[8192];
        try (InputStream output = terminal.output()) {
            for (int n = output.read(buffer); n >= 0; n = output.read(buffer)) {
                socket.sendBinary(buffer, 0, n);
            }
        } catch (IOException e) {
            // A PTY reports its end as EIO on some systems; a failed send means the client is gone.
        } finally {
            outputEnded = true;
        }
        try {
            // No-op when the client closed first: the close it got was the echo of its own.
            socket.close(WebSocketConnection.NORMAL, EXITED);
            if (!readerDone.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                connection.close();
            }
        } catch (IOException e) {
            LOG.debug("Shell session {}: the close did not reach the client: {}", sessionId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A process left in the background may hold the terminal open after the shell exited; stop waiting. */
    private void endOutputSoon() {
        CompletableFuture.delayedExecutor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (!outputEnded) {
                        terminal.close();
                    }
                });
    }

    private void await(Future<?> pump) throws InterruptedException {
        try {
            pump.get(CLOSE_WAIT.toMillis() + EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Shell session {}: the output copy did not end: {}", sessionId, e.toString());
        }
    }
}
