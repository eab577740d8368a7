package dev.microvms.emulator.proxy;

import dev.microvms.emulator.executor.GuestProcess;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Takes over a connection whose WebSocket handshake the endpoint gate admitted as the shell's: the shell
 * is a terminal inside the MicroVM, not one of the app's ports, so the proxy hands the connection on
 * instead of relaying it.
 */
public interface ShellUpgrade {

    /**
     * Answers the handshake and runs the session on threads of its own; the connection is closed when the
     * session ends. Returns at once.
     *
     * @param request the handshake
     * @param client the client's connection, in blocking mode, positioned after the handshake's head
     * @param received what the client sent after the head, to be read before the connection
     * @param guest the MicroVM's app, whose namespaces the shell enters
     * @param activity to call for each message from the client: it keeps the MicroVM from idling
     */
    void start(
            UpgradeRequest request, SocketChannel client, ByteBuffer received, GuestProcess guest, Runnable activity);
}
