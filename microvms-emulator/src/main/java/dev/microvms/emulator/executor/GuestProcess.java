package dev.microvms.emulator.executor;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A MicroVM's running app: every process it started, frozen, thawed and killed as one. */
public interface GuestProcess {

    /** @return the host pid of the app's top process, for diagnostics */
    long pid();

    /**
     * Opens a TCP connection to a port the app listens on inside its network namespace (for hook calls
     * and the endpoint proxy).
     *
     * @param port the port inside the MicroVM
     * @return a connected channel
     * @throws java.net.ConnectException when nothing listens on that port
     * @throws IOException when the MicroVM cannot be reached
     */
    SocketChannel connect(int port) throws IOException;

    /**
     * Starts another process inside the MicroVM (its namespaces and files, the app's environment plus the
     * spec's), in the group of the MicroVM's processes: it is frozen, thawed and killed with them. The
     * caller stops it when done; it is killed anyway when the MicroVM is.
     *
     * @param spec what to run and where
     * @param spawner starts the host process that enters the MicroVM
     * @param <P> the kind of process the spawner starts
     * @return the started process; its exit is the exec'd command's
     * @throws IOException when the MicroVM is frozen or has exited, or the process cannot be started
     */
    <P extends Process> P exec(ExecSpec spec, ProcessSpawner<P> spawner) throws IOException;

    /**
     * Freezes every process of the MicroVM with its memory as it is. A frozen process keeps its sockets
     * open but runs no code, so nothing must be forwarded to it until it is thawed.
     *
     * @throws IOException when the processes cannot be frozen
     */
    void freeze() throws IOException;

    /**
     * Thaws every process frozen by {@link #freeze()}.
     *
     * @throws IOException when the processes cannot be thawed
     */
    void thaw() throws IOException;

    /** Kills every process of the MicroVM, frozen or not, and releases what the executor held for it. */
    void kill();

    /** @return true while the app's top process runs */
    boolean isAlive();

    /** @return completes with the top process's exit code when it ends, however it ends */
    CompletableFuture<Integer> onExit();

    /**
     * How the app ended, for the MicroVM's stateReason. An executor that knows more than the exit code (a
     * memory or process limit that ended the app, say) says so in {@link GuestExit#cause()}.
     *
     * @return completes when the top process ends, however it ends
     */
    default CompletableFuture<GuestExit> ended() {
        return onExit().thenApply(GuestExit::of);
    }

    /**
     * Why the executor ended the MicroVM, when it ran out of a resource its {@link ResourceLimits} bound
     * (the kernel's OOM killer ended a process, or a fork was refused at the process limit). Known before
     * {@link #onExit()} completes, so whoever hears of the end can give this reason.
     *
     * @return what ran out, or empty while the MicroVM runs and when it ended for another reason
     */
    default Optional<OutOfResources> outOfResources() {
        return Optional.empty();
    }
}
