package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.ExecSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enters a sandboxed MicroVM with {@code nsenter}: the mount, UTS, IPC, network and PID namespaces of the
 * app's process inside the sandbox, and its user namespace when the sandbox made one, so the command sees
 * the MicroVM's files, ports and processes as the app does.
 *
 * <pre>
 * nsenter --target &lt;app pid&gt; --mount --uts --ipc --net --pid [--user --preserve-credentials] --
 *     /bin/sh -c 'cd "$1" || cd /; shift; exec "$@"' microvms-exec &lt;workdir&gt; &lt;command...&gt;
 * </pre>
 */
public final class NamespaceEntry implements GuestEntry {
    private static final List<String> NAMESPACES = List.of("--mount", "--uts", "--ipc", "--net", "--pid");

    /** nsenter's own --wd opens the directory before entering the mount namespace, so the shell changes it. */
    private static final String CD_THEN_EXEC = "cd \"$1\" 2>/dev/null || cd /; shift; exec \"$@\"";

    private final Map<String, String> environment;
    private final String workingDirectory;
    private final Path hostDirectory;

    /**
     * @param environment the app's environment
     * @param workingDirectory the app's working directory inside the sandbox
     * @param hostDirectory where nsenter itself runs on the host, such as the MicroVM's run directory
     */
    public NamespaceEntry(Map<String, String> environment, String workingDirectory, Path hostDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.hostDirectory = hostDirectory;
    }

    @Override
    public Launch prepare(ProcessHandle app, ExecSpec spec) throws IOException {
        long target = target(app);
        List<String> argv = new ArrayList<>(List.of(nsenter().toString(), "--target", Long.toString(target)));
        argv.addAll(NAMESPACES);
        // Without root, the other namespaces can only be entered from the user namespace that owns them.
        if (!ProcFs.namespace(target, "user")
                .equals(ProcFs.namespace(ProcessHandle.current().pid(), "user"))) {
            argv.addAll(List.of("--user", "--preserve-credentials"));
        }
        argv.addAll(List.of("--", "/bin/sh", "-c", CD_THEN_EXEC, "microvms-exec"));
        argv.add(spec.workingDirectory() == null ? workingDirectory : spec.workingDirectory());
        argv.addAll(spec.command());
        return new Launch(argv, GuestEntry.merge(environment, spec.environment()), hostDirectory);
    }

    /**
     * The process whose namespaces are entered: inside the sandbox (another mount namespace than the
     * sandbox's top process on the host), preferring the lowest pid above bubblewrap's init (pid 1), which
     * is the app as started.
     */
    static long target(ProcessHandle app) throws IOException {
        Optional<String> outside = ProcFs.namespace(app.pid(), "mnt");
        Optional<ProcessHandle> inside = app.descendants()
                .filter(p -> {
                    Optional<String> mnt = ProcFs.namespace(p.pid(), "mnt");
                    return mnt.isPresent() && !mnt.equals(outside);
                })
                .min(Comparator.comparingLong(NamespaceEntry::rank));
        if (inside.isEmpty()) {
            throw new IOException("No process of the sandbox of pid " + app.pid() + " runs inside its namespaces"
                    + " (it is starting or has ended); try again once the MicroVM is RUNNING");
        }
        return inside.get().pid();
    }

    private static long rank(ProcessHandle process) {
        long inner = ProcFs.innermostPid(process.pid()).orElse(Long.MAX_VALUE);
        return inner <= 1 ? Long.MAX_VALUE - 1 : inner;
    }

    private static Path nsenter() throws IOException {
        return Executables.find("nsenter")
                .orElseThrow(
                        () -> new IOException(
                                "nsenter is not installed, so nothing can be started inside a"
                                        + " sandboxed MicroVM: install util-linux (apt-get install util-linux, dnf install util-linux)"));
    }
}
