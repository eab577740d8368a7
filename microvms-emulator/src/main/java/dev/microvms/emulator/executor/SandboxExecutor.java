package dev.microvms.emulator.executor;

import dev.microvms.emulator.executor.internal.BridgeConnector;
import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroup;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.LocalGuestProcess;
import dev.microvms.emulator.executor.internal.NamespaceConnector;
import dev.microvms.emulator.executor.internal.NamespaceEntry;
import dev.microvms.emulator.executor.internal.NetNamespaces;
import dev.microvms.emulator.executor.internal.NetworkGate;
import dev.microvms.emulator.executor.internal.PortConnector;
import dev.microvms.emulator.executor.internal.RelayRuntime;
import dev.microvms.emulator.executor.internal.SandboxCommand;
import dev.microvms.emulator.executor.internal.SandboxInside;
import dev.microvms.emulator.executor.internal.SandboxNetwork;
import dev.microvms.emulator.executor.internal.SeccompFilter;
import dev.microvms.emulator.executor.internal.Specs;
import dev.microvms.emulator.executor.internal.StepRunner;
import dev.microvms.emulator.executor.internal.UserNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each MicroVM in a bubblewrap sandbox: its own mount, network, PID, IPC and UTS namespaces, a root
 * made of the host's system directories (read-only) and the image's top-level directories (read-write at
 * their own paths, so {@code /app/app.jar} exists as the Dockerfile wrote it), {@code /proc}, {@code /dev}
 * and a private {@code /tmp}. Two MicroVMs of one image can both listen on 8080. Nothing in a sandbox
 * has a capability or can gain one, and a seccomp filter refuses the calls a MicroVM never needs (mount,
 * unshare, setns, ptrace, bpf, ...; see {@code docs/design/isolation.md}).
 *
 * <p>Where this JVM may enter network namespaces (root), it reaches an app's ports with sockets opened
 * inside the MicroVM's namespace: no hop between the endpoint and the app. Elsewhere it goes through a
 * bridge: a small relay JVM started in the sandbox next to the app listens on {@code
 * <runDir>/bridge.sock}, and its own output goes to {@code <runDir>/relay.log}. Setting the environment
 * variable {@code MICROVMS_PORT_BRIDGE=relay} chooses the relay everywhere.
 * Every process of the sandbox is in a cgroup from its first instruction, so it is frozen, thawed and
 * killed as one (cgroup v2 freezer, else v1, else SIGSTOP of the tree). The sandbox dies with this JVM.
 * An {@linkplain GuestProcess#exec exec} (the endpoint's shell) enters the app's namespaces with {@code
 * nsenter}, as confined as the app, and joins the same group.
 *
 * <p>Each sandbox has a network namespace of its own, with only {@code lo}. Build steps, whose Dockerfile
 * RUN downloads dependencies, and MicroVMs run with {@link LaunchSpec#internetEgress()} reach out through
 * a user-mode network stack ({@code slirp4netns}, else {@code pasta}) that refuses the host's loopback:
 * the internet, but never the emulator's API on 127.0.0.1. Without either tool they get {@code lo} only,
 * and a build step's log says why.
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
    private static final Logger LOG = LoggerFactory.getLogger(SandboxExecutor.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** The environment variable that chooses how ports are reached: {@code relay} or {@code auto}. */
    static final String PORT_BRIDGE = "MICROVMS_PORT_BRIDGE";

    private final Path bwrap;
    private final SeccompFilter.Filters filters;
    private final boolean sizesTmp;
    private final SandboxCommand commands;
    private final GuestGroups groups;
    private final SandboxNetwork network;
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
        this(bwrap, groups, direct, UserNetwork.detected());
    }

    /**
     * @param bwrap the bubblewrap binary
     * @param groups how processes are grouped and frozen
     * @param direct whether to enter namespaces where this JVM may; false always uses the relay
     * @param network the user-mode network stack for build steps and MicroVMs with INTERNET_EGRESS
     */
    SandboxExecutor(Path bwrap, GuestGroups groups, boolean direct, UserNetwork.Detected network) {
        this.bwrap = bwrap;
        this.filters = SeccompFilter.detected();
        this.sizesTmp = BwrapProbe.sizesTmpfs(bwrap);
        this.commands = new SandboxCommand(bwrap, filters.sandbox(), sizesTmp);
        this.groups = groups;
        this.network = new SandboxNetwork(network);
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

    /**
     * @return which of memory, processes, CPU and {@code /tmp} are limited, and which are not and why
     */
    public String limits() {
        return groups.limits()
                + (sizesTmp ? "; /tmp sized" : "; /tmp NOT sized, because this bubblewrap has no --size (0.8 has)");
    }

    /** @return true when every limit is enforced */
    public boolean limitsComplete() {
        return groups.limitsComplete() && sizesTmp;
    }

    /**
     * @return how build steps and MicroVMs with INTERNET_EGRESS reach out, or why they get no network,
     *     such as {@code build steps and MicroVMs with INTERNET_EGRESS reach out through slirp4netns at ...}
     */
    public String egress() {
        return network.available()
                ? "build steps and MicroVMs with INTERNET_EGRESS reach out through " + network.detail()
                : "build steps and MicroVMs with INTERNET_EGRESS get no network: " + network.detail();
    }

    /** @return true when build steps and MicroVMs with INTERNET_EGRESS get a way out */
    public boolean egressAvailable() {
        return network.available();
    }

    @Override
    public StepResult runStep(StepSpec step) throws IOException, InterruptedException {
        Specs.check(step.rootfs(), step.command(), step.workingDirectory());
        GuestGroup group = groups.create("step-" + UUID.randomUUID(), step.limits());
        List<String> command;
        NetworkGate gate = null;
        try {
            gate = network.gate();
            command = group.wrap(commands.step(
                    step.rootfs().toAbsolutePath(),
                    step.workingDirectory(),
                    step.command(),
                    gate == null ? null : new SandboxCommand.Egress(gate.path()),
                    step.limits().tmpBytes()));
        } catch (IOException | RuntimeException e) {
            group.close();
            if (gate != null) {
                gate.close();
            }
            throw e;
        }
        if (gate == null) {
            note(step.log(), "this step has no network: " + network.detail());
        }
        NetworkGate stepGate = gate;
        StepRunner.Step run = new StepRunner.Step(
                command,
                step.environment(),
                null,
                step.log(),
                step.timeout(),
                step.limits().logBytes());
        return StepRunner.run(run, group, process -> {
            if (stepGate == null) {
                return () -> {};
            }
            SandboxInside inside = new SandboxInside(process.toHandle());
            Runnable stop = network.attach(
                    stepGate,
                    inside,
                    Path.of("/dev/null"),
                    why -> note(step.log(), "this step has no network: " + why));
            return () -> {
                stop.run();
                inside.close();
            };
        });
    }

    @Override
    public GuestProcess start(LaunchSpec launch) throws IOException {
        Specs.check(launch.rootfs(), launch.command(), launch.workingDirectory());
        Path runDir = launch.runDir().toAbsolutePath();
        Files.createDirectories(runDir);
        Path socket = runDir.resolve(RelayRuntime.SOCKET);
        // A socket left by an earlier run would look like a bridge that refuses everything.
        Files.deleteIfExists(socket);
        GuestGroup group = groups.create(launch.id(), launch.limits());
        PortConnector connector = null;
        NetworkGate gate = null;
        LocalGuestProcess app;
        try {
            connector = namespaces != null
                    ? new NamespaceConnector(launch.id(), namespaces)
                    : BridgeConnector.of(launch.id(), socket, HANDSHAKE_TIMEOUT);
            gate = launch.internetEgress() ? network.gate(runDir.resolve("network.gate")) : null;
            List<String> command = group.wrap(commands.app(
                    launch.rootfs().toAbsolutePath(),
                    runDir,
                    namespaces != null ? null : relay,
                    launch.workingDirectory(),
                    launch.command(),
                    gate == null ? null : new SandboxCommand.Egress(gate.path()),
                    launch.limits().tmpBytes()));
            ProcessBuilder builder = Specs.redirect(new ProcessBuilder(command), launch.environment());
            NamespaceEntry entry =
                    new NamespaceEntry(launch.environment(), launch.workingDirectory(), runDir, bwrap, filters.shell());
            app = LocalGuestProcess.start(
                    launch.id(),
                    builder,
                    group,
                    connector,
                    entry,
                    new LocalGuestProcess.Output(
                            launch.stdout(), launch.stderr(), launch.limits().logBytes()));
        } catch (IOException | RuntimeException e) {
            group.close();
            if (connector != null) {
                connector.close();
            }
            if (gate != null) {
                gate.close();
            }
            throw e;
        }
        if (gate != null) {
            attachEgress(app, gate, launch.id(), runDir);
        } else if (launch.internetEgress()) {
            LOG.warn("MicroVM {} runs without its INTERNET_EGRESS: {}", launch.id(), network.detail());
        }
        return app;
    }

    /** Gives a started MicroVM, waiting behind its gate, its way out, which ends with it. */
    private void attachEgress(LocalGuestProcess app, NetworkGate gate, String id, Path runDir) {
        SandboxInside inside = new SandboxInside(ProcessHandle.of(app.pid()).orElse(ProcessHandle.current()));
        Runnable stop = network.attach(
                gate,
                inside,
                runDir.resolve("network.log"),
                why -> LOG.warn("MicroVM {} runs without its INTERNET_EGRESS: {}", id, why));
        app.hold(() -> {
            stop.run();
            inside.close();
        });
    }

    /** A line of the emulator's own in a build step's log. */
    private static void note(Path log, String message) {
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    log,
                    "[microvms] " + message + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write to the build log {}: {}", log, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SandboxExecutor[" + bwrap + ", " + confinement() + ", " + groups.description() + ", " + bridge + "]";
    }
}
