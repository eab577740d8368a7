package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The port bridge's relay: runs inside a MicroVM's network namespace, listens on a Unix-domain socket
 * that the host can reach through the run directory, and relays each connection to a TCP port of the
 * namespace's loopback.
 *
 * <p>Protocol: the host writes {@code CONNECT <port>\n}; the relay connects to {@code 127.0.0.1:<port>}
 * and answers {@code OK\n} or {@code ERR <reason>\n} ({@code ERR connection refused} when nothing
 * listens), then copies bytes both ways until both sides have closed. A half-close is passed on, so a
 * client may shut down its output and still read the answer.
 *
 * <p>Started by the sandbox as {@code java ... BridgeRelay <socket>}; it runs until its namespace ends.
 */
public final class BridgeRelay implements AutoCloseable {
    /** Longest request line accepted: {@code CONNECT 65535\n} is 14 bytes. */
    static final int MAX_REQUEST = 64;

    private static final int BUFFER = 64 * 1024;
    private static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));

    private final ServerSocketChannel server;
    private final ExecutorService threads;
    private final InetAddress loopback;
    private final CountDownLatch closed = new CountDownLatch(1);

    private BridgeRelay(ServerSocketChannel server) {
        this.server = server;
        this.loopback = InetAddress.getLoopbackAddress();
        AtomicInteger count = new AtomicInteger();
        // Blocking copies on pooled threads: the lowest latency per hop, and connections are few.
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(null, runnable, "relay-" + count.incrementAndGet(), 256 * 1024);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Entry point inside the sandbox.
     *
     * @param args the socket's path
     * @throws IOException when the socket cannot be bound
     * @throws InterruptedException when the main thread is interrupted
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: BridgeRelay <unix-socket-path>");
        }
        try (BridgeRelay relay = bind(Path.of(args[0]))) {
            relay.serve();
        }
    }

    /**
     * Binds the relay's socket, replacing a stale one.
     *
     * @param socket where to listen
     * @return the relay, not yet serving
     * @throws IOException when the socket cannot be bound
     */
    public static BridgeRelay bind(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket), 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new BridgeRelay(server);
    }

    /**
     * Accepts connections until {@link #close()}.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void serve() throws InterruptedException {
        threads.execute(this::acceptAndHandle);
        closed.await();
    }

    /**
     * Leader and followers: the thread that accepts a connection handles its handshake itself, so no
     * hand-off between threads delays it, and first starts another thread accepting the next one.
     */
    private void acceptAndHandle() {
        SocketChannel client;
        while (true) {
            try {
                client = server.accept();
                break;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                // Out of file descriptors, say: keep serving once some are released.
                LockSupport.parkNanos(10_000_000L);
            }
        }
        try {
            threads.execute(this::acceptAndHandle);
        } catch (RejectedExecutionException e) {
            closeQuietly(client);
            return;
        }
        handle(client);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            threads.shutdownNow();
            closed.countDown();
        }
    }

    private void handle(SocketChannel client) {
        SocketChannel app = null;
        try {
            ByteBuffer request = ByteBuffer.allocate(MAX_REQUEST);
            int end = readLine(client, request);
            if (end < 0) {
                refuse(client, "bad request: expected 'CONNECT <port>\\n'");
                return;
            }
            String line = new String(request.array(), 0, end, StandardCharsets.US_ASCII).trim();
            int port = parsePort(line);
            if (port < 0) {
                refuse(client, "bad request: expected 'CONNECT <port>' with a port from 1 to 65535");
                return;
            }
            try {
                app = SocketChannel.open(new InetSocketAddress(loopback, port));
            } catch (ConnectException e) {
                refuse(client, "connection refused");
                return;
            }
            app.setOption(StandardSocketOptions.TCP_NODELAY, true);
            writeFully(client, ByteBuffer.wrap(OK));
            // Bytes the client sent after the request line belong to the app.
            request.flip().position(end + 1);
            writeFully(app, request);
            Link link = new Link(client, app);
            threads.execute(() -> link.copy(link.app, link.client));
            link.copy(link.client, link.app);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            if (app != null) {
                closeQuietly(app);
            }
        }
    }

    /** @return the index of the newline in the buffer, or -1 when the line is too long or the client left */
    private static int readLine(SocketChannel client, ByteBuffer request) throws IOException {
        int scanned = 0;
        while (request.hasRemaining()) {
            if (client.read(request) < 0) {
                return -1;
            }
            for (; scanned < request.position(); scanned++) {
                if (request.get(scanned) == '\n') {
                    return scanned;
                }
            }
        }
        return -1;
    }

    static int parsePort(String line) {
        if (!line.startsWith("CONNECT ")) {
            return -1;
        }
        try {
            int port = Integer.parseInt(line.substring(8).trim());
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(SocketChannel client, String reason) {
        try {
            writeFully(client, ByteBuffer.wrap(("ERR " + reason + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // The client has gone: nothing to tell.
        } finally {
            closeQuietly(client);
        }
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
    }

    /** Both directions of one relayed connection; the channels close when both have ended. */
    private static final class Link {
        final SocketChannel client;
        final SocketChannel app;
        private final AtomicInteger ended = new AtomicInteger();

        Link(SocketChannel client, SocketChannel app) {
            this.client = client;
            this.app = app;
        }

        void copy(SocketChannel from, SocketChannel to) {
            ByteBuffer buffer = BUFFERS.get();
            buffer.clear();
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    writeFully(to, buffer);
                    buffer.clear();
                }
                to.shutdownOutput();
                if (ended.incrementAndGet() == 2) {
                    closeBoth();
                }
            } catch (IOException e) {
                // A reset or a closed peer ends both directions: the other copy unblocks on close.
                closeBoth();
            }
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(app);
        }
    }
}
