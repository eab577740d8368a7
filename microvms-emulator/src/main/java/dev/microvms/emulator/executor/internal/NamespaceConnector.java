package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Reaches a sandboxed app's port with a socket opened inside the MicroVM's network namespace
 * ({@link NetNamespaces}): one hop fewer than the {@link BridgeConnector}, and no relay process in the
 * sandbox. The namespace is found on the first connection, from the process that {@link NamespaceEntry}
 * enters, and held until {@link #close()}.
 */
public final class NamespaceConnector implements PortConnector {
    private final String guest;
    private final NetNamespaces namespaces;
    private @Nullable ProcessHandle sandbox;
    private int namespace = -1;
    private boolean closed;

    /**
     * @param guest the MicroVM's id, for messages
     * @param namespaces the way into namespaces
     */
    public NamespaceConnector(String guest, NetNamespaces namespaces) {
        this.guest = guest;
        this.namespaces = namespaces;
    }

    @Override
    public synchronized void started(ProcessHandle sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public SocketChannel connect(int port) throws IOException {
        TcpConnector.checkPort(port);
        SocketChannel channel;
        synchronized (this) {
            // Under the lock: close() must not release the descriptor while a socket is opened with it.
            channel = namespaces.openSocket(namespace(port));
        }
        try {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return channel;
        } catch (ConnectException e) {
            channel.close();
            ConnectException refused = new ConnectException("Nothing listens on port " + port + " of MicroVM " + guest);
            refused.initCause(e);
            throw refused;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private int namespace(int port) throws IOException {
        if (closed) {
            throw new ConnectException("Nothing listens on port " + port + " of MicroVM " + guest + ": it has ended");
        }
        if (namespace < 0) {
            ProcessHandle top = sandbox;
            long pid;
            try {
                if (top == null) {
                    throw new IOException("MicroVM " + guest + " has not started");
                }
                // Any process inside will do: bubblewrap makes all the sandbox's namespaces at once.
                pid = NamespaceEntry.target(top);
            } catch (IOException starting) {
                ConnectException down = new ConnectException("Nothing listens on port " + port + " of MicroVM " + guest
                        + ": its sandbox has no network yet (it is starting)");
                down.initCause(starting);
                throw down;
            }
            namespace = namespaces.namespaceOf(pid);
        }
        return namespace;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (namespace >= 0) {
            namespaces.release(namespace);
            namespace = -1;
        }
    }
}
