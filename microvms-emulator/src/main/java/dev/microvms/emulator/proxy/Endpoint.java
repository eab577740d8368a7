package dev.microvms.emulator.proxy;

import dev.microvms.emulator.core.EndpointGate;
import dev.microvms.emulator.executor.GuestProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One MicroVM's endpoint: its listener on the {@link EndpointServer}'s loop, and the connections it accepted. */
public final class Endpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    /** Connections taken per readiness, so that one busy endpoint cannot hold the loop. */
    private static final int ACCEPTS_PER_PASS = 64;

    private final EndpointServer server;
    private final EventLoop loop;
    private final String microvmId;
    private final EndpointGate gate;
    private final Supplier<@Nullable GuestProcess> app;
    private final ServerSocketChannel listener;
    private final String address;
    /** Its open connections; on the loop's thread only. */
    private final Set<ClientConnection> connections = new HashSet<>();
    /** Connections waiting for the resume under way, which all their requests share; loop's thread only. */
    private @Nullable List<Consumer<Boolean>> resumeWaiters;

    volatile @Nullable SelectionKey key;

    Endpoint(
            EndpointServer server,
            EventLoop loop,
            String microvmId,
            EndpointGate gate,
            Supplier<@Nullable GuestProcess> app,
            ServerSocketChannel listener)
            throws IOException {
        this.server = server;
        this.loop = loop;
        this.microvmId = microvmId;
        this.gate = gate;
        this.app = app;
        this.listener = listener;
        this.address = "127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** @return where the endpoint listens, {@code 127.0.0.1:<port>} */
    public String address() {
        return address;
    }

    /**
     * The MicroVM has ended: the endpoint answers 502 on (its gate says so) without a thread, until it is
     * closed or enough MicroVMs have ended after it that the server closes it (its {@code Settings}).
     */
    public void retire() {
        server.retire(this);
    }

    /** Stops listening and closes the endpoint's connections; safe to repeat. */
    @Override
    public void close() {
        server.forgotten(this);
        try {
            listener.close(); // cancels its key; the loop lets go of the port at its next select
        } catch (IOException ignored) {
            // closing anyway
        }
        loop.execute(() -> {
            for (ClientConnection c : connections.toArray(new ClientConnection[0])) {
                c.close();
            }
        });
    }

    String microvmId() {
        return microvmId;
    }

    EndpointGate gate() {
        return gate;
    }

    @Nullable
    GuestProcess app() {
        return app.get();
    }

    /**
     * Resumes the MicroVM for a request, off the loop; requests that come meanwhile wait for the same resume.
     *
     * @param then called on the loop's thread with true when the MicroVM is RUNNING
     */
    void resume(Consumer<Boolean> then) {
        if (resumeWaiters != null) {
            resumeWaiters.add(then);
            return;
        }
        List<Consumer<Boolean>> waiters = new ArrayList<>();
        waiters.add(then);
        resumeWaiters = waiters;
        boolean queued = loop.resume(() -> {
            boolean running;
            try {
                running = gate.resume(microvmId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.warn("Resuming {} for a request failed", microvmId, e);
                running = false;
            }
            boolean resumed = running;
            loop.execute(() -> {
                resumeWaiters = null;
                waiters.forEach(w -> w.accept(resumed));
            });
        });
        if (!queued) {
            resumeWaiters = null;
            then.accept(false);
        }
    }

    ShellUpgrade shells() {
        return server.shells();
    }

    void added(ClientConnection c) {
        connections.add(c);
    }

    void removed(ClientConnection c) {
        connections.remove(c);
    }

    EventLoop.Handler acceptor() {
        return new EventLoop.Handler() {
            @Override
            public void ready(SelectionKey key) throws IOException {
                accept();
            }

            @Override
            public void failed(Exception e) {
                LOG.warn("The endpoint of {} failed to accept a connection", microvmId, e);
            }
        };
    }

    private void accept() throws IOException {
        for (int i = 0; i < ACCEPTS_PER_PASS; i++) {
            SocketChannel client = listener.accept();
            if (client == null) {
                return;
            }
            if (loop.connections() >= loop.settings.maxConnections()) {
                LOG.warn(
                        "The endpoint proxy holds {} connections; closing a new one to {}",
                        loop.connections(),
                        microvmId);
                client.close();
                continue;
            }
            try {
                client.configureBlocking(false);
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                new ClientConnection(loop, this, client).start();
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }
}
