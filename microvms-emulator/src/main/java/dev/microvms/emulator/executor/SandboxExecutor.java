package dev.microvms.emulator.executor;

import dev.microvms.emulator.executor.internal.BridgeConnector;
import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroup;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.LocalGuestProcess;
import dev.microvms.emulator.executor.internal.NamespaceConnector;
import dev.microvms.emulator.executor.internal.NamespaceEntry;
import dev.microvms.emulator.executor.internal.NetNamespaces;
import dev.microvms.emulator.executor.internal.PortConnector;
import dev.microvms.emulator.executor.internal.RelayRuntime;
import dev.microvms.emulator.executor.internal.SandboxCommand;
import dev.microvms.emulator.executor.internal.SeccompFilter;
import dev.microvms.emulator.executor.internal.Specs;
import dev.microvms.emulator.executor.internal.StepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Runs each MicroVM in a bubblewrap sandbox: its own mount, network, PID, IPC and UTS namespaces, a root
 * made of the host's system directories (read-only) and the image's top-level directories (read-write at
 * their own paths, so {@code /app/app.jar} exists as the Dockerfile wrote it), {@code /proc}, {@code /dev}
 * and a private {@code /tmp}. Two MicroVMs of one image can both listen on 8080.
 *
 * <p>Where this JVM may enter network namespaces (root), it reaches an app's ports with sockets opened
 * inside the MicroVM's namespace: no hop between the endpoint and the app. Elsewhere it goes through a
 * bridge: a small relay JVM started in the sandbox next to the app listens on {@code
 * <runDir>/bridge.sock}, and its own output goes to {@code <runDir>/relay.log}. Setting the environment
 * variable {@code MICROVMS_PORT_BRIDGE=relay} chooses the relay everywhere.
 * Every process of the sandbox is in a cgroup from its first instruction, so it is frozen, thawed and
 * killed as one (cgroup v2 freezer, else v1, else SIGSTOP of the tree). The sandbox dies with this JVM.
 * An {@linkplain GuestProcess#exec exec} (the endpoint's shell) enters the app's namespaces with {@code
 * nsenter} and joins the same group.
 *
 * <p>Build steps share the host's network, as a Dockerfile's RUN has network (to download
 * dependencies), but get their own mount, PID, IPC and UTS namespaces.
 *
 * <pre>{@code
 * Executor executor = SandboxExecutor.create();
 * GuestProcess app = executor.start(new LaunchSpec("mvm-1", rootfs, runDir,
 *         List.of("java", "-jar", "/app/app.jar"), Map.of("PATH", "/usr/bin:/bin"), "/app",
 *         runDir.resolve("stdout.log"), runDir.resolve("stderr.log")));
 * try (SocketChannel channel = app.connect(8080)) { ... }
 * app.kill();
 * }</pre>
 */
public final class SandboxExecutor implements Executor {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** The environment variable that chooses how ports are reached: {@code relay} or {@code auto}. */
    static final String PORT_BRIDGE = "MICROVMS_PORT_BRIDGE";

    private final Path bwrap;
    private final SeccompFilter.Filters filters;
    private final SandboxCommand commands;
    private final GuestGroups groups;
    private final RelayRuntime relay;
    private final @Nullable NetNamespaces namespaces;
    private final String bridge;

    SandboxExecutor(Path bwrap, GuestGroups groups) {
        this(bwrap, groups, !"relay".equalsIgnoreCase(System.getenv(PORT_BRIDGE)));
    }

    /**
     * @param bwrap the bubblewrap binary
     * @param groups how processes are grouped and frozen
     * @param direct whether to enter namespaces where this JVM may; false always uses the relay
     */
    SandboxExecutor(Path bwrap, GuestGroups groups, boolean direct) {
        this.bwrap = bwrap;
        this.filters = SeccompFilter.detected();
        this.commands = new SandboxCommand(bwrap, filters.sandbox());
        this.groups = groups;
        this.relay = RelayRuntime.current();
        NetNamespaces.@Nullable Probe probe = direct ? NetNamespaces.probe() : null;
        this.namespaces = probe != null ? probe.namespaces() : null;
        this.bridge = probe != null && namespaces != null
                ? "ports are reached by " + probe.detail()
                : "ports are reached through a relay JVM in each sandbox, because "
                        + (probe != null ? probe.detail() : PORT_BRIDGE + "=relay");
    }

    /**
     * @return a sandbox executor with the {@code bwrap} found on {@code PATH}
     * @throws IllegalStateException when bubblewrap is not installed
     */
    public static SandboxExecutor create() {
        Path bwrap = BwrapProbe.find()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "bubblewrap is not installed: install it "
                                        + "(apt-get install bubblewrap) or use LocalExecutors.detect() to fall back to the host executor"));
        return create(bwrap);
    }

    /**
     * @param bwrap the bubblewrap binary
     * @return a sandbox executor that uses it
     */
    public static SandboxExecutor create(Path bwrap) {
        return new SandboxExecutor(bwrap, GuestGroups.detected());
    }

    @Override
    public String name() {
        return "sandbox";
    }

    /** @return how the host reaches the apps' ports, such as {@code ports are reached by setns(2) ...} */
    public String bridge() {
        return bridge;
    }

    /**
     * @return how the sandbox confines its processes, such as {@code no capabilities, no new privileges, a
     *     seccomp filter refuses 50 calls ...}
     */
    public String confinement() {
        return "no capabilities, no new privileges, " + filters.detail();
    }

    /** @return how processes are frozen, such as {@code cgroup v2 freezer at /sys/fs/cgroup/unified/...} */
    public String freezer() {
        return groups.description();
    }

    @Override
    public StepResult runStep(StepSpec step) throws IOException, InterruptedException {
        Specs.check(step.rootfs(), step.command(), step.workingDirectory());
        GuestGroup group = groups.create("step-" + UUID.randomUUID());
        List<String> command;
        try {
            command =
                    group.wrap(commands.step(step.rootfs().toAbsolutePath(), step.workingDirectory(), step.command()));
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return StepRunner.run(command, step.environment(), null, group, step.log(), step.timeout());
    }

    @Override
    public GuestProcess start(LaunchSpec launch) throws IOException {
        Specs.check(launch.rootfs(), launch.command(), launch.workingDirectory());
        Path runDir = launch.runDir().toAbsolutePath();
        Files.createDirectories(runDir);
        Path socket = runDir.resolve(RelayRuntime.SOCKET);
        // A socket left by an earlier run would look like a bridge that refuses everything.
        Files.deleteIfExists(socket);
        GuestGroup group = groups.create(launch.id());
        PortConnector connector = null;
        try {
            connector = namespaces != null
                    ? new NamespaceConnector(launch.id(), namespaces)
                    : BridgeConnector.of(launch.id(), socket, HANDSHAKE_TIMEOUT);
            List<String> command = group.wrap(commands.app(
                    launch.rootfs().toAbsolutePath(),
                    runDir,
                    namespaces != null ? null : relay,
                    launch.workingDirectory(),
                    launch.command()));
            ProcessBuilder builder =
                    Specs.redirect(new ProcessBuilder(command), launch.environment(), launch.stdout(), launch.stderr());
            NamespaceEntry entry =
                    new NamespaceEntry(launch.environment(), launch.workingDirectory(), runDir, bwrap, filters.shell());
            return LocalGuestProcess.start(launch.id(), builder, group, connector, entry);
        } catch (IOException | RuntimeException e) {
            group.close();
            if (connector != null) {
                connector.close();
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "SandboxExecutor[" + bwrap + ", " + confinement() + ", " + groups.description() + ", " + bridge + "]";
    }
}
