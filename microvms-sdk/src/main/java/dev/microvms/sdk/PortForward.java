package dev.microvms.sdk;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A local port forwarded to a port of a MicroVM, until closed. An HTTP forward ({@link
 * Sandbox#portForward(int, int)}) relays HTTP and WebSocket through the endpoint and adds the proxy's
 * headers, so a browser or curl reaches the app with none; a TCP forward ({@link Sandbox#tcpForward(int,
 * int)}) carries any protocol over the guest agent.
 *
 * <pre>{@code
 * try (PortForward forward = microvm.portForward(0, 8080)) {
 *     System.out.println("open " + forward.uri());
 * }
 * }</pre>
 */
public final class PortForward implements AutoCloseable {
    private final String microvmId;
    private final InetSocketAddress localAddress;
    private final int remotePort;
    private final boolean tcp;
    private final AutoCloseable listener;
    private final Runnable onClose;

    PortForward(
            String microvmId,
            InetSocketAddress localAddress,
            int remotePort,
            boolean tcp,
            AutoCloseable listener,
            Runnable onClose) {
        this.microvmId = microvmId;
        this.localAddress = localAddress;
        this.remotePort = remotePort;
        this.tcp = tcp;
        this.listener = listener;
        this.onClose = onClose;
    }

    /** @return the local address it listens on */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** @return the local port it listens on (the one chosen when 0 was asked for) */
    public int localPort() {
        return localAddress.getPort();
    }

    /** @return the MicroVM's port it reaches */
    public int remotePort() {
        return remotePort;
    }

    /** @return whether it carries raw TCP over the agent, rather than HTTP through the endpoint */
    public boolean isTcp() {
        return tcp;
    }

    /** @return {@code http://<address>:<port>/}, what a browser opens */
    public URI uri() {
        String host = localAddress.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + localPort() + "/");
    }

    /** Stops listening and closes the connections it carries. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (Exception ignored) {
            // closing anyway
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "PortForward[" + localAddress.getAddress().getHostAddress() + ":" + localPort() + " -> " + microvmId
                + ":" + remotePort + (tcp ? " over TCP" : "") + "]";
    }
}
