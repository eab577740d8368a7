package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** How the host reaches a port of a MicroVM: through the bridge, straight into its network namespace, or to a host port. */
public interface PortConnector extends AutoCloseable {

    /**
     * @param port the port inside the MicroVM
     * @return a connected channel
     * @throws java.net.ConnectException when nothing listens there
     * @throws IOException when the MicroVM cannot be reached
     */
    SocketChannel connect(int port) throws IOException;

    /**
     * Called once the MicroVM's top process has started.
     *
     * @param app that process
     */
    default void started(ProcessHandle app) {}

    /** Releases what the connector holds; open channels stay open. */
    @Override
    default void close() {}
}
