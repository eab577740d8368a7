package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The bubblewrap command lines of a build step and of an app.
 *
 * <p>Every sandbox runs with no capability ({@code --cap-drop ALL}: bubblewrap started by root would
 * otherwise keep them all, and a process with CAP_SYS_ADMIN in the sandbox's user namespace can remount
 * the read-only host directories read-write), with no-new-privileges (bubblewrap always sets it), and
 * under the {@link SeccompFilter} when libseccomp is installed.
 *
 * <p>Every sandbox has a network namespace of its own. One with {@link Egress} waits at bubblewrap's
 * {@code --block-fd} until a {@link UserNetwork} stack is attached to that namespace, and reads the
 * stack's DNS server from its {@code /etc/resolv.conf}. The filter's file and the gate's pipe are opened
 * by a small shell in front of bubblewrap ({@link Descriptors}).
 */
public final class SandboxCommand {
    /** The host's system directories, mounted read-only when present. */
    public static final List<Path> SYSTEM_DIRS = List.of(
            Path.of("/usr"),
            Path.of("/etc"),
            Path.of("/bin"),
            Path.of("/sbin"),
            Path.of("/lib"),
            Path.of("/lib64"),
            Path.of("/lib32"),
            Path.of("/libx32"),
            Path.of("/opt"));

    /** The descriptor bubblewrap reads the seccomp filter from. */
    static final int SECCOMP_FD = 3;

    /**
     * A way out of the sandbox's network namespace.
     *
     * @param gate the named pipe bubblewrap waits on until the stack is attached ({@link NetworkGate})
     */
    public record Egress(Path gate) {}

    private final Path bwrap;
    private final @Nullable Path seccomp;
    private final boolean sizesTmp;

    /**
     * @param bwrap the bubblewrap binary
     * @param seccomp the BPF file of the sandbox's seccomp filter, or null to run without one
     * @param sizesTmp whether bubblewrap can size {@code /tmp} ({@link BwrapProbe#sizesTmpfs})
     */
    public SandboxCommand(Path bwrap, @Nullable Path seccomp, boolean sizesTmp) {
        this.bwrap = bwrap;
        this.seccomp = seccomp;
        this.sizesTmp = sizesTmp;
    }

    /**
     * A build step: its own mount, PID, IPC, UTS and network namespaces; the network reaches out only with
     * {@code egress}.
     *
     * @param rootfs the image's tree
     * @param workingDirectory the directory inside the sandbox
     * @param command the step's argv
     * @param egress the way out, or null for none (only {@code lo})
     * @param tmpBytes the size of its {@code /tmp}
     * @return the argv to start
     * @throws IOException when the image's tree cannot be listed
     */
    public List<String> step(
            Path rootfs, String workingDirectory, List<String> command, @Nullable Egress egress, long tmpBytes)
            throws IOException {
        Descriptors files = new Descriptors();
        List<String> argv = start(files, egress);
        argv.addAll(MountPlan.build(rootfs, SYSTEM_DIRS, List.of(), sizesTmp ? tmpBytes : 0));
        argv.addAll(network(egress));
        argv.addAll(List.of("--chdir", workingDirectory, "--"));
        argv.addAll(command);
        return files.wrap(argv);
    }

    /**
     * An app: all namespaces, the network included, so its ports are its own. A shell inside starts the
     * bridge relay in the background, when there is one, and then becomes the app, whose exit code becomes
     * the sandbox's.
     *
     * @param rootfs the image's tree
     * @param runDir the MicroVM's run directory on the host
     * @param relay how to start the relay, or null for none
     * @param workingDirectory the directory inside the sandbox
     * @param command the app's argv
     * @param egress the way out, or null for none (only {@code lo})
     * @param tmpBytes the size of its {@code /tmp}
     * @return the argv to start
     * @throws IOException when the image's tree cannot be listed
     */
    public List<String> app(
            Path rootfs,
            Path runDir,
            @Nullable RelayRuntime relay,
            String workingDirectory,
            List<String> command,
            @Nullable Egress egress,
            long tmpBytes)
            throws IOException {
        List<MountPlan.Bind> extra = new ArrayList<>();
        if (relay != null) {
            extra.addAll(relay.binds(SYSTEM_DIRS));
        }
        extra.add(new MountPlan.Bind(runDir.toAbsolutePath(), RelayRuntime.RUN_DIR, true));
        Descriptors files = new Descriptors();
        List<String> argv = start(files, egress);
        argv.addAll(MountPlan.build(rootfs, SYSTEM_DIRS, extra, sizesTmp ? tmpBytes : 0));
        argv.addAll(network(egress));
        // The shell becomes the app; its exec also gives the usual 127 for a command that is not found.
        argv.addAll(List.of("--chdir", workingDirectory, "--", "/bin/sh", "-c"));
        argv.add((relay != null ? relay.shellCommand() + " & " : "") + "exec \"$@\"");
        argv.add("microvms-init");
        argv.addAll(command);
        return files.wrap(argv);
    }

    private List<String> start(Descriptors files, @Nullable Egress egress) {
        // --new-session keeps the terminal's Ctrl-C from reaching apps past the emulator.
        List<String> argv = new ArrayList<>(
                List.of(bwrap.toString(), "--die-with-parent", "--new-session", "--unshare-all", "--cap-drop", "ALL"));
        if (seccomp != null) {
            argv.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD)));
            files.read(SECCOMP_FD, seccomp.toString());
        }
        if (egress != null) {
            argv.addAll(List.of("--block-fd", Integer.toString(NetworkGate.FD)));
            files.readWrite(NetworkGate.FD, egress.gate().toString());
        }
        return argv;
    }

    private static List<String> network(@Nullable Egress egress) throws IOException {
        return egress == null ? List.of() : ResolvConf.binds();
    }
}
