package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.OutOfResources;
import dev.microvms.emulator.executor.ResourceLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest's processes in a cgroup of their own, which they join before the first instruction runs: the
 * freezer's, and where limits live in cgroup v1 hierarchies of their own, one in each of those too.
 */
final class CgroupGroup implements GuestGroup {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupGroup.class);

    /**
     * Moves the shell into each cgroup named before {@code --}, then replaces it with the command after
     * it: nothing runs outside.
     */
    private static final String JOIN_THEN_EXEC =
            "while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    /**
     * The limits of a group, to tell what it ran out of.
     *
     * @param limits where the controllers are
     * @param resources the group's limits
     */
    record Limited(CgroupLimits limits, ResourceLimits resources) {}

    private final Path dir;
    private final CgroupVersion version;
    private final List<Path> extra;
    private final @Nullable Limited limited;
    private boolean closed;

    /**
     * @param dir the group's cgroup, with the freezer
     * @param version the freezer's version
     * @param extra further cgroups (v1 limits) its processes join
     * @param limited its limits, or null for none
     */
    CgroupGroup(Path dir, CgroupVersion version, List<Path> extra, @Nullable Limited limited) {
        this.dir = dir;
        this.version = version;
        this.extra = List.copyOf(extra);
        this.limited = limited;
    }

    @Override
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(command.size() + 6 + extra.size());
        wrapped.add("/bin/sh");
        wrapped.add("-c");
        wrapped.add(JOIN_THEN_EXEC);
        wrapped.add("microvms-cgroup-join");
        // The limits first: by the time the freezer can see the process, it is bounded.
        for (Path cgroup : extra) {
            wrapped.add(cgroup.resolve("cgroup.procs").toString());
        }
        wrapped.add(dir.resolve("cgroup.procs").toString());
        wrapped.add("--");
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public Optional<OutOfResources> exhausted(String subject) {
        return limited == null
                ? Optional.empty()
                : limited.limits().exhausted(dir, extra, limited.resources(), subject);
    }

    @Override
    public void started(ProcessHandle top) {
        // The cgroup already tracks every process; the top is not needed.
    }

    @Override
    public void adopt(ProcessHandle extra) {
        // The wrapped argv joined the cgroup before it ran anything, as the app's did.
    }

    @Override
    public synchronized void freeze() throws IOException {
        checkOpen();
        version.freeze(dir);
    }

    @Override
    public synchronized void thaw() throws IOException {
        checkOpen();
        version.thaw(dir);
    }

    @Override
    public synchronized void killAll() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Set<Long> pids = CgroupVersion.pids(dir);
            version.kill(dir);
            awaitGone(pids);
        } catch (IOException e) {
            LOG.warn("Could not kill every process of " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public Set<Long> pids() {
        try {
            return CgroupVersion.pids(dir);
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + dir.resolve("cgroup.procs"), e);
        }
    }

    @Override
    public Optional<Path> cgroup() {
        return Optional.of(dir);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove(dir, version);
        for (Path cgroup : extra) {
            removeEmpty(cgroup);
        }
    }

    /** A v1 limit cgroup is empty once the freezer's is: its processes are the same. */
    private static void removeEmpty(Path cgroup) {
        try {
            long deadline = System.nanoTime() + CgroupVersion.TIMEOUT.toNanos();
            while (true) {
                try {
                    Files.deleteIfExists(cgroup);
                    return;
                } catch (FileSystemException busy) {
                    if (System.nanoTime() - deadline > 0) {
                        throw busy;
                    }
                    LockSupport.parkNanos(1_000_000L);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the cgroup " + cgroup + " (remove it with rmdir): " + e);
        }
    }

    /**
     * Kills what is left in a cgroup and removes it (the last tasks may hold it busy for a moment), then waits
     * until the processes it held are gone.
     */
    static void remove(Path dir, CgroupVersion version) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Set<Long> pids = Set.of();
            if (version.populated(dir)) {
                pids = CgroupVersion.pids(dir);
                version.kill(dir);
            }
            long deadline = System.nanoTime() + CgroupVersion.TIMEOUT.toNanos();
            while (true) {
                try {
                    Files.deleteIfExists(dir);
                    awaitGone(pids);
                    return;
                } catch (FileSystemException busy) {
                    if (System.nanoTime() - deadline > 0) {
                        throw busy;
                    }
                    LockSupport.parkNanos(1_000_000L);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the cgroup " + dir + " (remove it with rmdir): " + e);
        }
    }

    /** A process leaves its cgroup early in its exit: the cgroup empties before the process is gone. */
    private static void awaitGone(Set<Long> pids) throws IOException {
        Poll.until(() -> pids.stream().noneMatch(GuestGroup::exists), CgroupVersion.TIMEOUT);
    }

    private void checkOpen() throws IOException {
        if (closed || !Files.isDirectory(dir)) {
            throw new IOException("The processes of " + dir.getFileName() + " have ended and their cgroup " + dir
                    + " is gone; start the MicroVM again");
        }
    }
}
