package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Reaches a sandboxed app's port through the {@link BridgeRelay} listening on a Unix-domain socket in
 * the MicroVM's run directory.
 */
public final class BridgeConnector implements PortConnector {
    /** Unix socket paths are limited to 108 bytes with the terminating zero. */
    private static final int MAX_SOCKET_PATH = 100;

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final String guest;
    private final UnixDomainSocketAddress address;
    private final Duration handshakeTimeout;
    private final @Nullable Path shortcut;

    private BridgeConnector(String guest, UnixDomainSocketAddress address, Duration timeout, @Nullable Path shortcut) {
        this.guest = guest;
        this.address = address;
        this.handshakeTimeout = timeout;
        this.shortcut = shortcut;
    }

    /**
     * @param guest the MicroVM's id, for messages
     * @param socket the relay's socket on the host
     * @param handshakeTimeout how long the relay may take to answer {@code CONNECT}
     * @return the connector; a socket path too long for the kernel is reached through a short symlink
     * @throws IOException when the symlink cannot be made
     */
    public static BridgeConnector of(String guest, Path socket, Duration handshakeTimeout) throws IOException {
        Path absolute = socket.toAbsolutePath();
        if (absolute.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
            return new BridgeConnector(guest, UnixDomainSocketAddress.of(absolute), handshakeTimeout, null);
        }
        Path dir = Files.createTempDirectory("mvb");
        Path link = Files.createSymbolicLink(dir.resolve("d"), absolute.getParent());
        return new BridgeConnector(
                guest, UnixDomainSocketAddress.of(link.resolve(absolute.getFileName())), handshakeTimeout, dir);
    }

    @Override
    public SocketChannel connect(int port) throws IOException {
        TcpConnector.checkPort(port);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        boolean connected = false;
        try {
            try {
                channel.connect(address);
            } catch (SocketException e) {
                // No socket file yet, or a stale one: the relay is still starting (or gone with the app).
                ConnectException down = new ConnectException("Nothing listens on port " + port + " of MicroVM " + guest
                        + ": its bridge at " + address.getPath() + " is not up (" + e.getMessage() + ")");
                down.initCause(e);
                throw down;
            }
            BridgeRelay.writeFully(
                    channel, ByteBuffer.wrap(("CONNECT " + port + "\n").getBytes(StandardCharsets.US_ASCII)));
            String reply = readReply(channel, port);
            if (reply.equals("OK")) {
                connected = true;
                return channel;
            }
            if (reply.equals("ERR connection refused")) {
                throw new ConnectException("Nothing listens on port " + port + " of MicroVM " + guest);
            }
            throw new IOException("The bridge of MicroVM " + guest + " could not reach port " + port + ": " + reply);
        } finally {
            if (!connected) {
                channel.close();
            }
        }
    }

    @Override
    public void close() {
        Path dir = shortcut;
        if (dir != null) {
            try {
                Files.deleteIfExists(dir.resolve("d"));
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not remove the bridge shortcut " + dir, e);
            }
        }
    }

    /**
     * Reads the reply without consuming any byte of the app's own stream; a watchdog
     * closes the channel if the relay does not answer in time (a frozen guest accepts but never answers).
     */
    private String readReply(SocketChannel channel, int port) throws IOException {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(
                () -> BridgeRelay.closeQuietly(channel), handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            // "OK\n" is three bytes: reading three at most never takes a byte of the app's stream.
            ByteBuffer head = ByteBuffer.allocate(3);
            while (head.hasRemaining()) {
                if (channel.read(head) < 0) {
                    throw closedWithoutAnswer(
                            port, new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII));
                }
            }
            String start = new String(head.array(), StandardCharsets.US_ASCII);
            if (start.equals("OK\n")) {
                return "OK";
            }
            // An error line: nothing follows it, so the rest may be read a byte at a time.
            StringBuilder line = new StringBuilder(start);
            ByteBuffer one = ByteBuffer.allocate(1);
            while (line.length() < BridgeRelay.MAX_REQUEST * 4) {
                one.clear();
                if (channel.read(one) < 0) {
                    throw closedWithoutAnswer(port, line.toString());
                }
                char c = (char) one.get(0);
                if (c == '\n') {
                    return line.toString();
                }
                line.append(c);
            }
            throw new IOException("The bridge of MicroVM " + guest + " answered an overlong line: " + line);
        } catch (ClosedChannelException e) {
            throw new IOException(
                    "The bridge of MicroVM " + guest + " did not answer within " + handshakeTimeout.toMillis()
                            + " ms for port " + port + "; is the MicroVM frozen or overloaded?",
                    e);
        } finally {
            alarm.cancel(false);
        }
    }

    private IOException closedWithoutAnswer(int port, String partial) {
        return new IOException("The bridge of MicroVM " + guest + " closed the connection to port " + port
                + " without an answer" + (partial.isEmpty() ? "" : " after '" + partial + "'"));
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "microvms-bridge-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
