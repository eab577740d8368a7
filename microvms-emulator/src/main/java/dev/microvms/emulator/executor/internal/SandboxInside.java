package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The inside of one running sandbox, found from its top process on the host: a process in its namespaces,
 * and the user namespace that owns them, held open until {@link #close()} for the helpers that join it.
 */
public final class SandboxInside implements AutoCloseable {
    private static final Duration STARTING = Duration.ofSeconds(10);

    private final ProcessHandle top;
    private @Nullable OwningUserNamespace owner;
    private boolean closed;

    /** @param top the sandbox's top process on the host (bubblewrap, or the shell in front of it) */
    public SandboxInside(ProcessHandle top) {
        this.top = top;
    }

    /**
     * @return a process inside the sandbox's namespaces now ({@link NamespaceEntry#target})
     * @throws IOException when there is none (the sandbox has ended)
     */
    public long pid() throws IOException {
        return NamespaceEntry.target(top);
    }

    /**
     * Waits for the sandbox's namespaces to exist: right after the start, bubblewrap is still making them.
     *
     * @return a process inside them
     * @throws IOException when none appears in time
     */
    public long awaitPid() throws IOException {
        long[] found = {-1};
        Poll.until(
                () -> {
                    try {
                        found[0] = pid();
                        return true;
                    } catch (IOException notYet) {
                        return !top.isAlive();
                    }
                },
                STARTING);
        if (found[0] < 0) {
            return pid();
        }
        return found[0];
    }

    /**
     * @return the user namespace that owns the sandbox's namespaces, opened on first use
     * @throws IOException when it cannot be found
     */
    public synchronized OwningUserNamespace owner() throws IOException {
        if (closed) {
            throw new IOException("The sandbox of pid " + top.pid() + " has ended");
        }
        if (owner == null) {
            Optional<OwningUserNamespace> found = OwningUserNamespace.of(pid());
            owner = found.orElseThrow(() ->
                    new IOException("the C library cannot be loaded through JNA, so the sandbox cannot be entered"));
        }
        return owner;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (owner != null) {
            owner.close();
            owner = null;
        }
    }
}
