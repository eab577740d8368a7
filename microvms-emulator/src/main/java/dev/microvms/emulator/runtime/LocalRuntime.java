package dev.microvms.emulator.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.emulator.core.Arns;
import dev.microvms.emulator.core.EndpointGate;
import dev.microvms.emulator.core.ImageVersion;
import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmLaunch;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.executor.Executor;
import dev.microvms.emulator.executor.GuestExit;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.ResourceLimits;
import dev.microvms.emulator.hooks.AppWaits;
import dev.microvms.emulator.hooks.Evidence;
import dev.microvms.emulator.hooks.HookClient;
import dev.microvms.emulator.hooks.HookFailures;
import dev.microvms.emulator.hooks.NotReady;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.images.Trees;
import dev.microvms.emulator.proxy.Endpoint;
import dev.microvms.emulator.proxy.EndpointServer;
import dev.microvms.emulator.shell.ShellSessions;
import dev.microvms.emulator.standby.AppLauncher;
import dev.microvms.emulator.standby.Standby;
import dev.microvms.emulator.standby.StandbyPool;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs MicroVMs on this machine. Where the service restores a snapshot taken after {@code ready}, RunMicrovm
 * here takes a standby from the {@link StandbyPool} (an app that already answered {@code ready}, frozen),
 * thaws it, calls {@code run} and opens the MicroVM's endpoint, and the pool prepares the next in the
 * background; with no standby it starts the app from a copy of its version's tree and calls {@code ready}
 * first. Suspend calls {@code suspend} and freezes every process; resume thaws them and calls {@code
 * resume}; terminate calls {@code terminate}, kills the tree and closes the endpoint. An app that ends on
 * its own ends its MicroVM, TERMINATED with the exit in the reason, at once, even during a wait. Each
 * MicroVM's output is in {@code <dir>/<id>/stdout.log} and {@code stderr.log} ({@code <id>} links to the
 * standby's directory when it came from one, so its log begins with the app's start-up).
 */
public final class LocalRuntime implements MicrovmRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    private static final Duration NO_HOOK_WAIT = Duration.ofSeconds(30);

    private final AppLauncher launcher;
    private final ImageFiles images;
    private final Path microvmsDir;
    private final Clock clock;
    private final StandbyPool standbys;
    private final ShellSessions shells = new ShellSessions();
    private final EndpointServer proxy = new EndpointServer(shells);
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Endpoints outlive their MicroVM: a terminated one answers 502, as recorded live, until it is forgotten. */
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    private volatile @Nullable MicrovmService microvms;

    /**
     * @param executor runs the apps
     * @param images the built image versions
     * @param microvmsDir where each MicroVM's files and logs go
     * @param clock the clock of the waits for an app without a ready hook
     * @param standbys the apps started ahead of their MicroVMs
     */
    public LocalRuntime(Executor executor, ImageFiles images, Path microvmsDir, Clock clock, StandbyPool standbys) {
        this.launcher = new AppLauncher(executor);
        this.images = images;
        this.microvmsDir = microvmsDir;
        this.clock = clock;
        this.standbys = standbys;
    }

    @Override
    public void attach(MicrovmService service) {
        this.microvms = service;
    }

    /** @return where a MicroVM's files and logs are */
    public Path directory(String microvmId) {
        return microvmsDir.resolve(microvmId);
    }

    /** One MicroVM's app, its directory, its endpoint, and its hook configuration. */
    private static final class Running {
        final String id;
        final GuestProcess app;
        final Path directory;
        final @Nullable Hooks hooks;
        /** Set once the MicroVM is started: from then on an exit is reported, not thrown. */
        volatile boolean started;

        volatile boolean frozen;
        /** Whether the app's end was told (thrown from start, or reported to the service), so only once. */
        final AtomicBoolean told = new AtomicBoolean();

        Running(String id, GuestProcess app, Path directory, @Nullable Hooks hooks) {
            this.id = id;
            this.app = app;
            this.directory = directory;
            this.hooks = hooks;
        }
    }

    @Override
    public String start(MicrovmLaunch launch) throws InterruptedException {
        Microvm m = launch.microvm();
        ImageVersion version = launch.version();
        Arns.ImageArn arn = Objects.requireNonNull(Arns.parseImage(m.imageArn()), m.imageArn());
        Path versionDir = images.version(m.region(), arn.name(), version.version());
        Hooks hooks = version.config().hooks();
        ImageFiles.Launch spec;
        Running vm;
        CompletableFuture<Void> readiness;
        try {
            spec = images.readLaunch(versionDir);
            boolean egress = AppLauncher.internetEgress(m.egressNetworkConnectors());
            // A standby was started with the version's network; a MicroVM that asks for another starts afresh.
            Standby standby =
                    egress == AppLauncher.internetEgress(version.config().egressNetworkConnectors())
                            ? standbys.take(version.key())
                            : null;
            if (standby != null) {
                vm = new Running(m.microvmId(), standby.app(), standby.directory(), hooks);
                running.put(m.microvmId(), vm);
                // The MicroVM's directory is the standby's: its tree, and the logs the app already writes to.
                Files.createDirectories(microvmsDir);
                Files.createSymbolicLink(directory(m.microvmId()), microvmsDir.relativize(standby.directory()));
                readiness = readyHook(hooks) != null
                        ? standby.ready()
                        : standby.ready().thenCompose(ready -> listening(standby.app(), spec));
            } else {
                GuestProcess app = launcher.start(
                        m.microvmId(),
                        directory(m.microvmId()),
                        images.rootfs(versionDir),
                        spec,
                        version.config().environmentVariables(),
                        egress,
                        ResourceLimits.forMemoryClass(version.config().memoryMiB()));
                vm = new Running(m.microvmId(), app, directory(m.microvmId()), hooks);
                running.put(m.microvmId(), vm);
                readiness = readiness(app, hooks, spec);
            }
        } catch (IOException e) {
            throw new HookFailure("The MicroVM could not start its app: " + e.getMessage());
        }
        reportExit(vm);
        try {
            AppWaits.await(readiness);
            MicrovmHooks runtimeHooks = runtimeHooks(hooks);
            if (runtimeHooks != null && runtimeHooks.run() == HookState.ENABLED) {
                ObjectNode body = WireJson.mapper().createObjectNode();
                body.put("microvmId", m.microvmId());
                body.put("runHookPayload", launch.runHookPayload());
                AppWaits.await(AppWaits.hookOk(
                        vm.app,
                        "run",
                        client(vm).call("run", json(body), seconds(runtimeHooks.runTimeoutInSeconds(), 1))));
            }
        } catch (NotReady e) {
            vm.told.set(true);
            throw new HookFailure(reason(vm, e));
        }
        String endpoint = openEndpoint(vm, launch);
        refill(version, versionDir, spec);
        vm.started = true;
        GuestExit exit = vm.app.ended().getNow(null);
        if (exit != null && vm.told.compareAndSet(false, true)) {
            throw new HookFailure(exited(vm, exit, "as it started"));
        }
        return endpoint;
    }

    @Override
    public void suspend(String microvmId) throws InterruptedException {
        Running vm = require(microvmId);
        MicrovmHooks hooks = runtimeHooks(vm.hooks);
        if (hooks != null && hooks.suspend() == HookState.ENABLED) {
            callHook(vm, "suspend", seconds(hooks.suspendTimeoutInSeconds(), 1));
        }
        try {
            vm.app.freeze();
            vm.frozen = true;
        } catch (IOException e) {
            throw new HookFailure("The MicroVM could not be suspended: " + e.getMessage());
        }
    }

    @Override
    public void resume(String microvmId) throws InterruptedException {
        Running vm = require(microvmId);
        try {
            vm.app.thaw();
            vm.frozen = false;
        } catch (IOException e) {
            throw new HookFailure("The MicroVM could not be resumed: " + e.getMessage());
        }
        MicrovmHooks hooks = runtimeHooks(vm.hooks);
        if (hooks != null && hooks.resume() == HookState.ENABLED) {
            callHook(vm, "resume", seconds(hooks.resumeTimeoutInSeconds(), 1));
        }
    }

    @Override
    public void terminate(String microvmId) {
        Running vm = running.remove(microvmId);
        Endpoint endpoint = endpoints.get(microvmId);
        if (endpoint != null) {
            endpoint.retire(); // it answers 502 without a thread; the oldest ended endpoints close
        }
        if (vm == null) {
            return;
        }
        MicrovmHooks hooks = runtimeHooks(vm.hooks);
        if (!vm.frozen && vm.app.isAlive() && hooks != null && hooks.terminate() == HookState.ENABLED) {
            try {
                HookClient.Outcome outcome = client(vm)
                        .call("terminate", "{}", seconds(hooks.terminateTimeoutInSeconds(), 1))
                        .get();
                LOG.debug("terminate hook of {}: {}", microvmId, outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.debug("terminate hook of {} failed", microvmId, e);
            }
        }
        vm.app.kill();
        try {
            Trees.deleteRecursively(AppLauncher.rootfs(vm.directory));
        } catch (IOException e) {
            LOG.debug("Could not remove the file tree of {}", microvmId, e);
        }
    }

    @Override
    public void retire(String imageArn, String version) {
        standbys.retire(ImageVersion.key(imageArn, version));
    }

    /** With a ready hook, waits for it; without one, until the app's first exposed port takes connections. */
    private CompletableFuture<Void> readiness(GuestProcess app, @Nullable Hooks hooks, ImageFiles.Launch spec) {
        MicrovmImageHooks build = readyHook(hooks);
        if (build == null) {
            return listening(app, spec);
        }
        return AppWaits.hookOk(
                app, "ready", client(app, hooks).untilReady("ready", seconds(build.readyTimeoutInSeconds(), 30)));
    }

    private static CompletableFuture<Void> listening(GuestProcess app, ImageFiles.Launch spec) {
        int port = spec.exposedPorts().isEmpty() ? 8080 : spec.exposedPorts().get(0);
        return AppWaits.listening(app, port, NO_HOOK_WAIT);
    }

    /** Prepares the version's next standby in the background, from a copy of its tree. */
    private void refill(ImageVersion version, Path versionDir, ImageFiles.Launch spec) {
        standbys.refill(version.key(), dir -> {
            GuestProcess app = launcher.start(
                    dir.getFileName().toString(),
                    dir,
                    images.rootfs(versionDir),
                    spec,
                    version.config().environmentVariables(),
                    AppLauncher.internetEgress(version.config().egressNetworkConnectors()),
                    ResourceLimits.forMemoryClass(version.config().memoryMiB()));
            return Standby.starting(dir, app, readiness(app, version.config().hooks(), spec));
        });
    }

    /** Once the MicroVM has started, an exit of its app terminates it with the exit in the reason. */
    private void reportExit(Running vm) {
        vm.app.ended().thenAccept(exit -> {
            MicrovmService service = microvms;
            if (vm.started && running.get(vm.id) == vm && service != null && vm.told.compareAndSet(false, true)) {
                service.ended(vm.id, exited(vm, exit, "while it was running"));
            }
        });
    }

    /** Opens the endpoint before the MicroVM starts; its gate answers 502 until the MicroVM runs. */
    @Override
    public String open(String microvmId, EndpointGate gate) {
        return endpoint(microvmId, gate);
    }

    private String openEndpoint(Running vm, MicrovmLaunch launch) {
        return endpoint(vm.id, launch.gate());
    }

    /** The MicroVM's endpoint: the one {@link #open} opened, else a new one. */
    private String endpoint(String microvmId, EndpointGate gate) {
        Endpoint opened = endpoints.get(microvmId);
        if (opened != null) {
            return opened.address();
        }
        try {
            Endpoint endpoint = proxy.open(microvmId, gate, () -> {
                Running r = running.get(microvmId);
                return r == null ? null : r.app;
            });
            endpoints.put(microvmId, endpoint);
            return endpoint.address();
        } catch (IOException e) {
            throw new HookFailure("The MicroVM's endpoint could not listen: " + e.getMessage());
        }
    }

    private void callHook(Running vm, String hook, Duration timeout) throws InterruptedException {
        try {
            AppWaits.await(AppWaits.answeredOk(vm.app, hook, client(vm).call(hook, "{}", timeout)));
        } catch (NotReady e) {
            throw new HookFailure(reason(vm, e));
        }
    }

    private String reason(Running vm, NotReady e) {
        GuestExit exit = e.exit();
        if (exit != null) {
            String when = e.hook().equals("run")
                            || e.hook().equals("suspend")
                            || e.hook().equals("resume")
                    ? "during its " + e.hook() + " hook"
                    : "before it was ready";
            return exited(vm, exit, when);
        }
        String label = Character.toUpperCase(e.hook().charAt(0)) + e.hook().substring(1) + " lifecycle hook";
        return HookFailures.describe(
                        label, Objects.requireNonNull(e.outcome()), client(vm).port())
                + logs(vm);
    }

    private static String exited(Running vm, GuestExit exit, String when) {
        return "The MicroVM's app " + exit.describe() + " " + when + "."
                + Evidence.tail(AppLauncher.stderr(vm.directory), AppLauncher.stdout(vm.directory)) + logs(vm);
    }

    private static String logs(Running vm) {
        return " See its output with 'lambda-microvms logs --local --stderr " + vm.id + "'.";
    }

    private static @Nullable MicrovmImageHooks readyHook(@Nullable Hooks hooks) {
        MicrovmImageHooks build = hooks == null ? null : hooks.microvmImageHooks();
        return build != null && build.ready() == HookState.ENABLED ? build : null;
    }

    private static HookClient client(Running vm) {
        return client(vm.app, vm.hooks);
    }

    private static HookClient client(GuestProcess app, @Nullable Hooks hooks) {
        Integer port = hooks == null ? null : hooks.port();
        return new HookClient(app::connect, port == null ? 9000 : port);
    }

    private static @Nullable MicrovmHooks runtimeHooks(@Nullable Hooks hooks) {
        return hooks == null ? null : hooks.microvmHooks();
    }

    private static Duration seconds(@Nullable Integer value, int fallback) {
        return Duration.ofSeconds(value == null ? fallback : value);
    }

    private Running require(String microvmId) {
        Running vm = running.get(microvmId);
        if (vm == null) {
            throw new HookFailure("The MicroVM's processes are gone.");
        }
        return vm;
    }

    private static String json(ObjectNode node) {
        try {
            return WireJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void forget(String microvmId) {
        Endpoint endpoint = endpoints.remove(microvmId);
        if (endpoint != null) {
            endpoint.close();
        }
    }

    /** Kills every MicroVM this runtime started and closes every endpoint; for the emulator's shutdown. */
    @Override
    public void close() {
        running.keySet().forEach(id -> {
            Running vm = running.remove(id);
            if (vm != null) {
                vm.app.kill();
            }
        });
        endpoints.keySet().forEach(this::forget);
        proxy.close();
        shells.close();
    }
}
