package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Reaches a host executor's app at {@code 127.0.0.1:<port>}: its ports are host ports. */
public final class TcpConnector implements PortConnector {
    private final String guest;

    /** @param guest the MicroVM's id, for messages */
    public TcpConnector(String guest) {
        this.guest = guest;
    }

    @Override
    public SocketChannel connect(int port) throws IOException {
        checkPort(port);
        try {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return channel;
        } catch (ConnectException e) {
            ConnectException refused = new ConnectException("Nothing listens on port " + port + " of MicroVM " + guest
                    + " (host executor: 127.0.0.1:" + port + ")");
            refused.initCause(e);
            throw refused;
        }
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
        }
    }
}
