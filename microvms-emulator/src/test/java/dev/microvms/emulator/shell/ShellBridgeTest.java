package dev.microvms.emulator.shell;

import static dev.microvms.emulator.shell.WebSocketConnectionTest.concat;
import static dev.microvms.emulator.shell.WebSocketConnectionTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.proxy.UpgradeRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell's messages over a real socket, with a terminal the test plays. */
class ShellBridgeTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final FakeTerminal terminal = new FakeTerminal();
    private final AtomicInteger activity = new AtomicInteger();
    private Socket client;
    private Socket server;
    private DataInputStream fromServer;
    private OutputStream toServer;
    private Future<?> session;

    @BeforeEach
    void connect() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            client = new Socket(listener.getInetAddress(), listener.getLocalPort());
            server = listener.accept();
        }
        client.setSoTimeout(10_000);
        fromServer = new DataInputStream(client.getInputStream());
        toServer = client.getOutputStream();
        ShellBridge bridge = new ShellBridge(
                server.getInputStream(),
                server.getOutputStream(),
                server,
                terminal,
                threads,
                activity::incrementAndGet);
        session = threads.submit(() -> {
            bridge.run();
            return null;
        });
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        threads.shutdownNow();
    }

    @Test
    void session_initThenBytesBothWaysAndResize_closesWithShellExitedWhenTheShellEnds() throws Exception {
        Frame init = next();
        assertThat(init.opcode()).isEqualTo(0x1);
        assertThat(init.text()).matches("\\{\"type\":\"session_init\",\"session_id\":\"[0-9a-f-]{36}\"}");

        terminal.output.offer("$ ".getBytes(StandardCharsets.UTF_8));
        assertBinary(next(), "$ ");
        send(frame(0x82, "echo hi\n"));
        send(frame(0x81, "{\"type\":\"resize\",\"cols\":120,\"rows\":40}"));
        send(frame(0x81, "{\"type\":\"resize\",\"cols\":0,\"rows\":40}"));
        send(frame(0x81, "not json"));
        send(frame(0x81, "{\"type\":\"resize\",\"cols\":100,\"rows\":30}"));
        terminal.output.offer("hi\r\n".getBytes(StandardCharsets.UTF_8));
        assertBinary(next(), "hi\r\n");
        assertThat(terminal.typed()).isEqualTo("echo hi\n");
        // Messages are handled in order: the last resize arriving second means the two between were ignored.
        assertThat(terminal.sizes.poll(10, TimeUnit.SECONDS)).isEqualTo("120x40");
        assertThat(terminal.sizes.poll(10, TimeUnit.SECONDS)).isEqualTo("100x30");

        terminal.exit();

        Frame close = next();
        assertThat(close.opcode()).isEqualTo(0x8);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(close.closeReason()).isEqualTo("shell exited");
        send(frame(0x88, new byte[] {0x03, (byte) 0xE8}));
        session.get(10, TimeUnit.SECONDS);
        assertThat(activity.get()).isEqualTo(5);
    }

    @Test
    void clientClose_isEchoedAndKillsTheShell() throws Exception {
        next();

        send(frame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, "client closed".getBytes(StandardCharsets.UTF_8))));

        Frame echo = next();
        assertThat(echo.opcode()).isEqualTo(0x8);
        assertThat(echo.closeCode()).isEqualTo(1000);
        session.get(10, TimeUnit.SECONDS);
        assertThat(terminal.closed).isTrue();
    }

    @Test
    void clientGoneWithoutClose_killsTheShell() throws Exception {
        next();

        client.close();

        session.get(10, TimeUnit.SECONDS);
        assertThat(terminal.closed).isTrue();
    }

    @Test
    void accept_answersTheHandshakeWithTheProxysSubprotocolOnlyWhenOffered() throws IOException {
        Map<String, String> headers = new HashMap<>(Map.of(
                "Host", "x",
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version", "13"));
        UpgradeRequest request = handshake(headers);
        ByteArrayOutputStream offered = new ByteArrayOutputStream();
        ByteArrayOutputStream none = new ByteArrayOutputStream();

        ShellBridge.accept(request, List.of("lambda-microvms", "lambda-microvms.authentication.t"), offered);
        ShellBridge.accept(request, List.of(), none);

        assertThat(ShellBridge.handshakeError(request)).isNull();
        assertThat(offered.toString(StandardCharsets.ISO_8859_1))
                .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .contains("Sec-WebSocket-Protocol: lambda-microvms\r\n")
                .endsWith("\r\n\r\n");
        assertThat(none.toString(StandardCharsets.ISO_8859_1)).doesNotContain("Sec-WebSocket-Protocol");
        headers.put("Sec-WebSocket-Version", "8");
        assertThat(ShellBridge.handshakeError(request)).contains("version 13");
        headers.remove("Sec-WebSocket-Key");
        assertThat(ShellBridge.handshakeError(request)).contains("Sec-WebSocket-Key");
    }

    /** A handshake whose headers are the map's, looked up ignoring case, as the proxy's parsed head is. */
    private static UpgradeRequest handshake(Map<String, String> headers) {
        return new UpgradeRequest() {
            @Override
            public @Nullable String header(String name) {
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    if (h.getKey().equalsIgnoreCase(name)) {
                        return h.getValue();
                    }
                }
                return null;
            }

            @Override
            public List<String> protocols() {
                return List.of();
            }
        };
    }

    private static void assertBinary(Frame frame, String text) {
        assertThat(frame.opcode()).isEqualTo(0x2);
        assertThat(frame.text()).isEqualTo(text);
    }

    private void send(byte[] frame) throws IOException {
        toServer.write(frame);
        toServer.flush();
    }

    /** Reads one server frame: unmasked, lengths up to 16 bits are enough here. */
    private Frame next() throws IOException {
        int first = fromServer.readUnsignedByte();
        int length = fromServer.readUnsignedByte();
        assertThat(length & 0x80).as("server frames are not masked").isZero();
        if (length == 126) {
            length = fromServer.readUnsignedShort();
        }
        byte[] payload = new byte[length];
        fromServer.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** A frame as the client saw it. */
    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    /** A terminal whose output the test writes and whose input it reads. */
    private static final class FakeTerminal implements Terminal {
        final QueueStream output = new QueueStream();
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        final BlockingQueue<String> sizes = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> exited = new CompletableFuture<>();
        volatile boolean closed;

        void exit() {
            output.end();
            exited.complete(null);
        }

        synchronized String typed() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (input.size() == 0 && System.nanoTime() < deadline) {
                wait(10);
            }
            return input.toString(StandardCharsets.UTF_8);
        }

        @Override
        public InputStream output() {
            return output;
        }

        @Override
        public OutputStream input() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (FakeTerminal.this) {
                        input.write(b);
                    }
                }
            };
        }

        @Override
        public void resize(int columns, int rows) {
            sizes.add(columns + "x" + rows);
        }

        @Override
        public CompletableFuture<?> exited() {
            return exited;
        }

        @Override
        public void close() {
            closed = true;
            exit();
        }
    }

    /** An input stream fed chunk by chunk; an empty chunk ends it. */
    private static final class QueueStream extends InputStream {
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        void offer(byte[] chunk) {
            chunks.add(chunk);
        }

        void end() {
            chunks.add(new byte[0]);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            while (!ended && position >= current.length) {
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                position = 0;
                ended = current.length == 0;
            }
            if (ended) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }
}
