package dev.microvms.guest.internal.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A TCP connection to a port on the MicroVM's loopback, carried over a WebSocket both ways. */
final class TunnelSession {
    private static final int CONNECT_TIMEOUT = 10_000;

    private final AgentWebSocket socket;
    private final int port;

    TunnelSession(AgentWebSocket socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    void run() throws IOException {
        try (Socket target = new Socket()) {
            try {
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT);
            } catch (IOException e) {
                socket.close(AgentWebSocket.ERROR, "could not connect to port " + port + ": " + e.getMessage());
                return;
            }
            target.setTcpNoDelay(true);
            Thread down = new Thread(() -> copyDown(target), "microvms-agent-tunnel-" + port);
            down.setDaemon(true);
            down.start();
            OutputStream to = target.getOutputStream();
            try {
                for (AgentWebSocket.Message m = socket.read(); m != null; m = socket.read()) {
                    if (!m.text()) {
                        to.write(m.payload());
                        to.flush();
                    }
                }
                target.shutdownOutput();
                down.join(30_000);
            } catch (IOException e) {
                // either side went away: the tunnel is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void copyDown(Socket target) {
        byte[] buffer = new byte[32 * 1024];
        try {
            InputStream from = target.getInputStream();
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                socket.sendBinary(buffer, 0, n);
            }
            socket.close(AgentWebSocket.NORMAL, "closed");
        } catch (IOException e) {
            try {
                socket.close(AgentWebSocket.NORMAL, "closed");
            } catch (IOException ignored) {
                // the client is gone too
            }
        }
    }
}
