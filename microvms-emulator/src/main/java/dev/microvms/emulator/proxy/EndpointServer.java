package dev.microvms.emulator.proxy;

import dev.microvms.emulator.core.EndpointGate;
import dev.microvms.emulator.executor.GuestProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of every MicroVM of a runtime: a listener each on 127.0.0.1 (stable across suspend and
 * resume), all served by one event-loop thread that checks each request with the MicroVM's
 * {@link EndpointGate}, strips the proxy's headers and subprotocols, and relays requests and answers as they
 * stream: keep-alive, Content-Length and chunked bodies, SSE, and WebSocket upgrades tunnelled both ways. A
 * WebSocket with a shell token is handed to the {@link ShellUpgrade}. Framing is read by Jetty's
 * {@code HttpParser}, strictly: a request it cannot frame unambiguously is answered 400 (431 when its head is
 * too large, 501 for an unknown transfer coding) and never forwarded.
 *
 * <pre>{@code
 * EndpointServer endpoints = new EndpointServer(shells);
 * Endpoint endpoint = endpoints.open(microvmId, gate, () -> app);
 * endpoint.address(); // 127.0.0.1:45123
 * }</pre>
 */
public final class EndpointServer implements AutoCloseable {
    private final ShellUpgrade shells;
    private final Settings settings;
    private final Deque<Endpoint> retired = new ArrayDeque<>();
    private @Nullable EventLoop loop;
    private boolean closed;

    /**
     * The proxy's bounds.
     *
     * @param headTimeout how long a connection may take to send a whole request head (from its first byte,
     *     or from the connection's start), and a body may stall; then it is answered 408
     * @param idleTimeout how long a keep-alive connection may wait for its next request
     * @param maxConnections client connections held at once, across every endpoint; more are closed at once
     * @param retiredEndpoints endpoints of ended MicroVMs that keep answering 502; older ones are closed
     */
    public record Settings(Duration headTimeout, Duration idleTimeout, int maxConnections, int retiredEndpoints) {
        /** 30 s for a head, 60 s idle, 10,000 connections, 16 ended MicroVMs still answering. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000, 16);
    }

    /** @param shells runs the shell sessions the endpoints admit */
    public EndpointServer(ShellUpgrade shells) {
        this(shells, Settings.DEFAULT);
    }

    /**
     * @param shells runs the shell sessions the endpoints admit
     * @param settings the proxy's bounds
     */
    public EndpointServer(ShellUpgrade shells, Settings settings) {
        this.shells = shells;
        this.settings = settings;
    }

    /**
     * Starts listening for a MicroVM on a free loopback port.
     *
     * @param microvmId the MicroVM
     * @param gate what admits each request
     * @param app the MicroVM's app, or null while it has none (requests are then answered 502)
     * @return the endpoint
     * @throws IOException when no port can be bound
     */
    public Endpoint open(String microvmId, EndpointGate gate, Supplier<@Nullable GuestProcess> app) throws IOException {
        EventLoop started = loop();
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            listener.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        Endpoint endpoint = new Endpoint(this, started, microvmId, gate, app, listener);
        started.execute(() -> {
            try {
                endpoint.key = started.register(listener, SelectionKey.OP_ACCEPT, endpoint.acceptor());
            } catch (IOException e) {
                endpoint.close(); // closed before the loop came to it
            }
        });
        return endpoint;
    }

    private synchronized EventLoop loop() throws IOException {
        if (closed) {
            throw new IOException("The endpoint proxy is closed");
        }
        if (loop == null) {
            loop = new EventLoop(settings); // the thread starts with the first endpoint
        }
        return loop;
    }

    ShellUpgrade shells() {
        return shells;
    }

    /** An ended MicroVM's endpoint answers 502 on; past the bound, the oldest such endpoint closes. */
    void retire(Endpoint endpoint) {
        Endpoint oldest = null;
        synchronized (this) {
            if (!retired.contains(endpoint)) {
                retired.addLast(endpoint);
            }
            if (retired.size() > settings.retiredEndpoints()) {
                oldest = retired.removeFirst();
            }
        }
        if (oldest != null) {
            oldest.close();
        }
    }

    synchronized void forgotten(Endpoint endpoint) {
        retired.remove(endpoint);
    }

    /** Closes every endpoint and connection, and stops the loop's thread. */
    @Override
    public void close() {
        EventLoop stopping;
        synchronized (this) {
            closed = true;
            stopping = loop;
            loop = null;
            retired.clear();
        }
        if (stopping != null) {
            stopping.close();
        }
    }
}
