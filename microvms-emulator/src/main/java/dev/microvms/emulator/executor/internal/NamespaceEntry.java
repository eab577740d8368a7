package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.ExecSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Enters a sandboxed MicroVM: the mount, UTS, IPC, network and PID namespaces of the app's process
 * inside the sandbox, so the command sees the MicroVM's files, ports and processes as the app does, with
 * no capability, no-new-privileges and the sandbox's seccomp filter, as the app has them.
 *
 * <pre>
 * bwrap [--userns 5] --dev-bind / / --cap-drop ALL --cap-add CAP_SYS_ADMIN,CAP_SYS_CHROOT,CAP_SETPCAP
 *       [--seccomp 3] --
 *   nsenter --target &lt;app pid&gt; --mount --uts --ipc --net --pid --
 *   setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all --
 *   /bin/sh -c 'cd "$1" || cd /; shift; exec "$@"' microvms-exec &lt;workdir&gt; &lt;command...&gt;
 * </pre>
 *
 * <p>Why this chain: {@code nsenter} needs CAP_SYS_ADMIN to enter, and whatever it then starts is loaded
 * from the MicroVM's files, which the image may have replaced (its own {@code /usr/bin/setpriv}, its own
 * libc). So the capabilities are cut down before anything of the MicroVM runs: the host's bubblewrap
 * joins the sandbox's user namespace (where those capabilities reach nothing of the host), keeps only the
 * three that entering and dropping take, and loads the seccomp filter, which refuses mount, unshare,
 * ptrace and the rest before {@code nsenter} enters the mount namespace. The shell's filter allows
 * {@code setns}, which {@code nsenter} needs and which enters nothing once {@code setpriv} has dropped the
 * last capabilities.
 */
public final class NamespaceEntry implements GuestEntry {
    private static final int USERNS_FD = 5;

    private static final List<String> NAMESPACES = List.of("--mount", "--uts", "--ipc", "--net", "--pid");

    /** The capabilities nsenter needs to enter (SYS_ADMIN, SYS_CHROOT) and setpriv to drop them (SETPCAP). */
    private static final List<String> ENTRY_CAPABILITIES =
            List.of("--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SYS_CHROOT", "--cap-add", "CAP_SETPCAP");

    private static final List<String> DROP_ALL =
            List.of("setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--");

    /**
     * Closes the descriptors of the entry, then changes to the directory: nsenter's own --wd opens it
     * before entering the mount namespace.
     */
    private static final String CD_THEN_EXEC = "exec 3<&- 4<&-; cd \"$1\" 2>/dev/null || cd /; shift; exec \"$@\"";

    private final Map<String, String> environment;
    private final String workingDirectory;
    private final Path hostDirectory;
    private final Path bwrap;
    private final @Nullable Path seccomp;
    private @Nullable SandboxInside inside;

    /**
     * @param environment the app's environment
     * @param workingDirectory the app's working directory inside the sandbox
     * @param hostDirectory where the entry itself runs on the host, such as the MicroVM's run directory
     * @param bwrap the host's bubblewrap
     * @param seccomp the BPF file of the shell's seccomp filter ({@link SeccompFilter.Filters#shell()}),
     *     or null for none
     */
    public NamespaceEntry(
            Map<String, String> environment,
            String workingDirectory,
            Path hostDirectory,
            Path bwrap,
            @Nullable Path seccomp) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.hostDirectory = hostDirectory;
        this.bwrap = bwrap;
        this.seccomp = seccomp;
    }

    @Override
    public Launch prepare(ProcessHandle app, ExecSpec spec) throws IOException {
        long target = target(app);
        Descriptors files = new Descriptors();
        List<String> argv = new ArrayList<>(List.of(bwrap.toString()));
        // The user namespace that owns the sandbox's others: without root, they can only be entered from
        // there; with root, being there is what keeps the capabilities below away from the host.
        OwningUserNamespace owner = inside(app).owner();
        if (!owner.isOurs()) {
            argv.addAll(List.of("--userns", Integer.toString(USERNS_FD)));
            files.read(USERNS_FD, owner.path().toString());
        }
        argv.addAll(List.of("--dev-bind", "/", "/", "--cap-drop", "ALL"));
        argv.addAll(ENTRY_CAPABILITIES);
        if (seccomp != null) {
            argv.addAll(List.of("--seccomp", Integer.toString(SandboxCommand.SECCOMP_FD)));
            files.read(SandboxCommand.SECCOMP_FD, seccomp.toString());
        }
        argv.add("--");
        argv.addAll(List.of(nsenter().toString(), "--target", Long.toString(target)));
        argv.addAll(NAMESPACES);
        argv.add("--");
        argv.addAll(DROP_ALL);
        argv.addAll(List.of("/bin/sh", "-c", CD_THEN_EXEC, "microvms-exec"));
        argv.add(spec.workingDirectory() == null ? workingDirectory : spec.workingDirectory());
        argv.addAll(spec.command());
        return new Launch(files.wrap(argv), GuestEntry.merge(environment, spec.environment()), hostDirectory);
    }

    private synchronized SandboxInside inside(ProcessHandle app) {
        if (inside == null) {
            inside = new SandboxInside(app);
        }
        return inside;
    }

    @Override
    public synchronized void close() {
        if (inside != null) {
            inside.close();
        }
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
