package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.ExecSpec;
import dev.microvms.emulator.executor.GuestExit;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.OutOfResources;
import dev.microvms.emulator.executor.ProcessSpawner;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MicroVM's app started by either executor: its top process, the group that holds all its processes,
 * the way to its ports, and the way into it for an exec.
 */
public final class LocalGuestProcess implements GuestProcess {
    private static final Logger LOG = LoggerFactory.getLogger(LocalGuestProcess.class);
    private static final String SUBJECT = "The MicroVM";
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
    private static final Set<LocalGuestProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // The sandbox dies with this JVM anyway (--die-with-parent), host processes do not; both leave
        // cgroups behind unless killed here.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LIVE.forEach(LocalGuestProcess::kill);
                            GuestGroups.removeOwnDirectories();
                        },
                        "microvms-kill-on-exit"));
    }

    private final String id;
    private final Process process;
    private final GuestGroup group;
    private final PortConnector connector;
    private final GuestEntry entry;
    /** What the executor attached to the MicroVM (its network stack, say), released with it. */
    private final List<Runnable> held = new ArrayList<>();

    private boolean released;

    /** Host processes of execs, killed with the MicroVM even where no cgroup holds them. */
    private final Set<ProcessHandle> execs = ConcurrentHashMap.newKeySet();

    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile @Nullable OutOfResources outOfResources;
    private @Nullable OutputPumps pumps;
    private Future<?> watch = CompletableFuture.completedFuture(null);
    private final Object lock = new Object();
    private volatile boolean frozen;

    /**
     * Where an app's output goes.
     *
     * @param stdout its standard output's log
     * @param stderr its standard error's log (the same path shares one log)
     * @param segment how many bytes a segment of each log holds ({@link RotatingLog})
     */
    public record Output(Path stdout, Path stderr, long segment) {}

    private LocalGuestProcess(String id, Process process, GuestGroup group, PortConnector connector, GuestEntry entry) {
        this.id = id;
        this.process = process;
        this.group = group;
        this.connector = connector;
        this.entry = entry;
    }

    /**
     * Starts the app; on failure the group and connector are released.
     *
     * @param id the MicroVM's id
     * @param builder the process, its command already wrapped by the group
     * @param group the group its processes join
     * @param connector the way to its ports
     * @param entry the way into it for an exec
     * @param output where its stdout and stderr go; the builder's must be pipes
     * @return the running app
     * @throws IOException when it cannot be started
     */
    public static LocalGuestProcess start(
            String id,
            ProcessBuilder builder,
            GuestGroup group,
            PortConnector connector,
            GuestEntry entry,
            Output output)
            throws IOException {
        Process process;
        OutputPumps pumps;
        try {
            process = Launcher.start(builder);
        } catch (IOException | RuntimeException e) {
            group.close();
            connector.close();
            throw e;
        }
        try {
            pumps = OutputPumps.start(id, process, output.stdout(), output.stderr(), output.segment());
        } catch (IOException | RuntimeException e) {
            group.killAll();
            process.destroyForcibly();
            group.close();
            connector.close();
            throw e;
        }
        group.started(process.toHandle());
        connector.started(process.toHandle());
        LocalGuestProcess guest = new LocalGuestProcess(id, process, group, connector, entry);
        guest.pumps = pumps;
        LIVE.add(guest);
        guest.watch = LimitWatch.watch(guest::checkLimits);
        process.onExit().whenComplete((ended, failure) -> guest.exited());
        return guest;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public SocketChannel connect(int port) throws IOException {
        if (frozen) {
            throw new IOException("MicroVM " + id + " is frozen: thaw it before connecting to port " + port);
        }
        if (!process.isAlive()) {
            throw new IOException("MicroVM " + id + " has exited with code " + process.exitValue()
                    + ", so nothing listens on port " + port + " any more");
        }
        return connector.connect(port);
    }

    @Override
    public <P extends Process> P exec(ExecSpec spec, ProcessSpawner<P> spawner) throws IOException {
        // Under the lock, so that no freeze runs between the check and the process joining the group.
        synchronized (lock) {
            checkAlive("exec into");
            if (frozen) {
                throw new IOException("MicroVM " + id + " is frozen: thaw it before starting " + spec.command());
            }
            GuestEntry.Launch launch = entry.prepare(process.toHandle(), spec);
            P started = spawner.spawn(group.wrap(launch.command()), launch.environment(), launch.directory());
            // Not every Process (a PTY's, say) implements toHandle(); its pid is enough.
            ProcessHandle handle = ProcessHandle.of(started.pid()).orElse(null);
            if (handle != null) {
                group.adopt(handle);
                execs.removeIf(p -> !p.isAlive());
                execs.add(handle);
            }
            return started;
        }
    }

    @Override
    public void freeze() throws IOException {
        synchronized (lock) {
            checkAlive("freeze");
            group.freeze();
            frozen = true;
        }
    }

    @Override
    public void thaw() throws IOException {
        synchronized (lock) {
            checkAlive("thaw");
            group.thaw();
            frozen = false;
        }
    }

    @Override
    public void kill() {
        group.killAll();
        killExecs();
        process.destroyForcibly();
        try {
            // Returns once the group is removed, so callers see nothing left behind.
            exit.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            release();
        }
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    /** The exit, with the limit that ended the MicroVM as its cause when one did. */
    @Override
    public CompletableFuture<GuestExit> ended() {
        // Set before the exit completes: exited() checks the cgroup first.
        return exit.copy().thenApply(code -> {
            OutOfResources out = outOfResources;
            return new GuestExit(code, out == null ? null : out.cause());
        });
    }

    @Override
    public Optional<OutOfResources> outOfResources() {
        return Optional.ofNullable(outOfResources);
    }

    /** @return the host pids of every process of the MicroVM now, for diagnostics and tests */
    public Set<Long> pids() {
        return group.pids();
    }

    /** @return the cgroup that holds the MicroVM's processes, when there is one */
    public Optional<Path> cgroup() {
        return group.cgroup();
    }

    /** @return true while frozen */
    public boolean isFrozen() {
        return frozen;
    }

    @Override
    public String toString() {
        return "MicroVM " + id + " (pid " + process.pid() + (frozen ? ", frozen" : "") + ")";
    }

    /** Ends the MicroVM when the kernel says it ran out of memory or processes. */
    private void checkLimits() {
        if (outOfResources != null || !process.isAlive()) {
            return;
        }
        Optional<OutOfResources> exhausted = group.exhausted(SUBJECT);
        if (exhausted.isPresent()) {
            outOfResources = exhausted.get();
            LOG.warn("MicroVM {}: {}", id, exhausted.get().reason());
            // kill() waits for the exit, which is not for the watch's thread.
            var unused = CompletableFuture.runAsync(this::kill);
        }
    }

    private void exited() {
        try {
            if (outOfResources == null) {
                // The OOM killer may have ended the app itself: the cgroup still says so until released.
                outOfResources = group.exhausted(SUBJECT).orElse(null);
            }
            watch.cancel(false);
            release();
            // The last output the app wrote before it ended is in the logs before anyone hears of the end.
            if (pumps != null) {
                pumps.await(OUTPUT_DRAIN.toMillis());
            }
        } finally {
            exit.complete(process.exitValue());
        }
    }

    /**
     * Keeps something the executor attached to the running MicroVM, to be released when it ends; released
     * at once when it has ended already.
     *
     * @param release what ends it
     */
    public void hold(Runnable release) {
        synchronized (held) {
            if (!released) {
                held.add(release);
                return;
            }
        }
        release.run();
    }

    private void release() {
        frozen = false;
        try {
            group.close();
            killExecs();
        } finally {
            connector.close();
            entry.close();
            List<Runnable> releases;
            synchronized (held) {
                released = true;
                releases = new ArrayList<>(held);
                held.clear();
            }
            releases.forEach(Runnable::run);
            LIVE.remove(this);
        }
    }

    /** An exec's host process (nsenter, say) outside any cgroup would outlive the MicroVM otherwise. */
    private void killExecs() {
        for (ProcessHandle exec : execs) {
            exec.descendants().forEach(ProcessHandle::destroyForcibly);
            exec.destroyForcibly();
        }
        execs.clear();
    }

    private void checkAlive(String action) throws IOException {
        if (!process.isAlive()) {
            throw new IOException(
                    "Cannot " + action + " MicroVM " + id + ": it has exited with code " + process.exitValue());
        }
    }
}
