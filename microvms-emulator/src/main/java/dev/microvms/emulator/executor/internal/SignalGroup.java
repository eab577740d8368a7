package dev.microvms.emulator.executor.internal;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A guest's processes as the tree under its top process (and under the processes exec'd into it later),
 * stopped with SIGSTOP and killed with SIGKILL.
 * Used where no cgroup freezer is writable; a process that leaves the tree (a daemon that double-forks)
 * escapes it.
 */
final class SignalGroup implements GuestGroup {
    private static final int MAX_ROUNDS = 10;

    private @Nullable ProcessHandle top;
    private final List<ProcessHandle> adopted = new ArrayList<>();

    @Override
    public List<String> wrap(List<String> command) {
        return command;
    }

    @Override
    public synchronized void started(ProcessHandle top) {
        this.top = top;
    }

    @Override
    public synchronized void adopt(ProcessHandle extra) {
        adopted.removeIf(p -> !p.isAlive());
        adopted.add(extra);
    }

    @Override
    public synchronized void freeze() throws IOException {
        // Children forked between two listings are caught by the next round; stopped ones fork no more.
        Set<Long> stopped = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<Long> fresh = new LinkedHashSet<>(pids());
            fresh.removeAll(stopped);
            if (fresh.isEmpty()) {
                awaitStopped(stopped);
                return;
            }
            signal("STOP", fresh);
            stopped.addAll(fresh);
        }
        throw new IOException("The process tree of pid " + pidOfTop() + " kept forking while being stopped; "
                + "it was left stopped, thaw it to go on");
    }

    @Override
    public synchronized void thaw() throws IOException {
        Set<Long> pids = pids();
        if (!pids.isEmpty()) {
            signal("CONT", pids);
        }
    }

    @Override
    public synchronized void killAll() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ProcessHandle> tree = tree();
            if (tree.isEmpty()) {
                return;
            }
            // The snapshot holds every handle, so a child reparented when its parent dies is still killed;
            // another round catches what was forked meanwhile.
            tree.forEach(ProcessHandle::destroyForcibly);
            try {
                // onExit() of a process that is not our child polls slowly; /proc answers at once.
                Poll.until(() -> tree.stream().noneMatch(p -> GuestGroup.exists(p.pid())), CgroupVersion.TIMEOUT);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public synchronized Set<Long> pids() {
        return tree().stream().map(ProcessHandle::pid).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public Optional<Path> cgroup() {
        return Optional.empty();
    }

    @Override
    public void close() {
        killAll();
    }

    /** SIGSTOP is delivered asynchronously: frozen means every thread has actually stopped. */
    private void awaitStopped(Set<Long> pids) throws IOException {
        if (!Poll.until(() -> pids.stream().allMatch(ProcFs::isStopped), CgroupVersion.TIMEOUT)) {
            throw new IOException("Processes " + pids + " did not all stop within " + CgroupVersion.TIMEOUT.toSeconds()
                    + " s of SIGSTOP; thaw them to go on");
        }
    }

    /** The trees under the top process and under each adopted one; a process appears once. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> roots = new ArrayList<>();
        if (top != null) {
            roots.add(top);
        }
        roots.addAll(adopted);
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        for (ProcessHandle root : roots) {
            if (root.isAlive()) {
                tree.putIfAbsent(root.pid(), root);
                root.descendants().filter(p -> GuestGroup.exists(p.pid())).forEach(p -> tree.putIfAbsent(p.pid(), p));
            }
        }
        return new ArrayList<>(tree.values());
    }

    private long pidOfTop() {
        ProcessHandle root = top;
        return root == null ? -1 : root.pid();
    }

    /** The JDK cannot send SIGSTOP or SIGCONT, the shell's kill builtin can. */
    private static void signal(String signal, Set<Long> pids) throws IOException {
        Optional<Libc> libc = Libc.load();
        if (libc.isPresent()) {
            signal(libc.get(), signal.equals("STOP") ? Libc.SIGSTOP : Libc.SIGCONT, signal, pids);
        } else {
            signalWithKillCommand(signal, pids);
        }
    }

    /** kill(2) for each: no process to start, so a resume takes microseconds here, not milliseconds. */
    private static void signal(Libc libc, int number, String signal, Set<Long> pids) throws IOException {
        List<String> failures = new ArrayList<>();
        for (long pid : pids) {
            try {
                libc.kill(Math.toIntExact(pid), number);
            } catch (LastErrorException e) {
                // A process that ended meanwhile (ESRCH) is no failure.
                if (e.getErrorCode() != Libc.ESRCH) {
                    failures.add(pid + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("kill -s " + signal + " failed for " + String.join(", ", failures));
        }
    }

    private static void signalWithKillCommand(String signal, Set<Long> pids) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "kill -s " + signal + " \"$@\"", "kill"));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!Launcher.awaitExit(kill, CgroupVersion.TIMEOUT.toMillis())) {
            kill.destroyForcibly();
            throw new IOException("kill -s " + signal + " " + pids + " did not finish");
        }
        // A process that ended meanwhile makes kill fail; only a failure with all of them alive matters.
        if (kill.exitValue() != 0 && pids.stream().allMatch(GuestGroup::exists)) {
            throw new IOException("kill -s " + signal + " " + pids + " failed: " + output);
        }
    }
}
