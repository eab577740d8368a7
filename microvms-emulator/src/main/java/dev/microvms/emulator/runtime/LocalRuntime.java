package dev.microvms.emulator.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.emulator.core.Arns;
import dev.microvms.emulator.core.ImageVersion;
import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmLaunch;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.executor.Executor;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.LaunchSpec;
import dev.microvms.emulator.hooks.HookClient;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.images.Trees;
import dev.microvms.emulator.proxy.EndpointProxy;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs MicroVMs on this machine. Each RunMicrovm starts the app fresh from a copy of its version's file
 * tree (no memory snapshot can be restored here), calls {@code ready} and then {@code run}, and opens the
 * MicroVM's endpoint. Suspend calls {@code suspend} and freezes every process; resume thaws them and
 * calls {@code resume}; terminate calls {@code terminate}, kills the tree and closes the endpoint. Each
 * MicroVM's output goes to {@code <dir>/<id>/stdout.log} and {@code stderr.log}.
 */
public final class LocalRuntime implements MicrovmRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    private static final Duration NO_HOOK_WAIT = Duration.ofSeconds(30);

    private final Executor executor;
    private final ImageFiles images;
    private final Path microvmsDir;
    private final Clock clock;
    private final ExecutorService proxyThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "endpoint");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Endpoints outlive their MicroVM: a terminated one answers 502, as recorded live, until it is forgotten. */
    private final Map<String, EndpointProxy> endpoints = new ConcurrentHashMap<>();

    private volatile @Nullable MicrovmService microvms;

    /**
     * @param executor runs the apps
     * @param images the built image versions
     * @param microvmsDir where each MicroVM's files and logs go
     * @param clock the clock that token expiries are checked against
     */
    public LocalRuntime(Executor executor, ImageFiles images, Path microvmsDir, Clock clock) {
        this.executor = executor;
        this.images = images;
        this.microvmsDir = microvmsDir;
        this.clock = clock;
    }

    @Override
    public void attach(MicrovmService service) {
        this.microvms = service;
    }

    /** @return where a MicroVM's files and logs are */
    public Path directory(String microvmId) {
        return microvmsDir.resolve(microvmId);
    }

    /** One MicroVM's app, its endpoint, and its hook configuration. */
    private static final class Running {
        final GuestProcess app;
        final @Nullable Hooks hooks;
        volatile @Nullable EndpointProxy proxy;
        volatile boolean frozen;

        Running(GuestProcess app, @Nullable Hooks hooks) {
            this.app = app;
            this.hooks = hooks;
        }
    }

    @Override
    public String start(MicrovmLaunch launch) throws InterruptedException {
        Microvm m = launch.microvm();
        ImageVersion version = launch.version();
        Arns.ImageArn arn = Objects.requireNonNull(Arns.parseImage(m.imageArn()), m.imageArn());
        Path versionDir = images.version(m.region(), arn.name(), version.version());
        Path dir = directory(m.microvmId());
        GuestProcess app;
        try {
            ImageFiles.Launch spec = images.readLaunch(versionDir);
            Path rootfs = dir.resolve("rootfs");
            Trees.copy(images.rootfs(versionDir), rootfs);
            Map<String, String> env = new LinkedHashMap<>(spec.environment());
            if (version.config().environmentVariables() != null) {
                env.putAll(version.config().environmentVariables());
            }
            app = executor.start(new LaunchSpec(
                    m.microvmId(),
                    rootfs,
                    Files.createDirectories(dir.resolve("run")),
                    spec.command(),
                    env,
                    spec.workingDirectory(),
                    dir.resolve("stdout.log"),
                    dir.resolve("stderr.log")));
        } catch (IOException e) {
            throw new HookFailure("The MicroVM could not start its app: " + e.getMessage());
        }
        Running vm = new Running(app, version.config().hooks());
        running.put(m.microvmId(), vm);
        awaitReady(vm, defaultPort(versionDir));
        MicrovmHooks hooks = runtimeHooks(vm.hooks);
        if (hooks != null && hooks.run() == HookState.ENABLED) {
            ObjectNode body = WireJson.mapper().createObjectNode();
            body.put("microvmId", m.microvmId());
            body.put("runHookPayload", launch.runHookPayload());
            requireOk("Run", hooks(vm).once("run", json(body), seconds(hooks.runTimeoutInSeconds(), 1)));
        }
        try {
            EndpointProxy proxy = new EndpointProxy(
                    m.microvmId(),
                    Objects.requireNonNull(microvms, "not attached"),
                    () -> {
                        Running r = running.get(m.microvmId());
                        return r == null ? null : r.app;
                    },
                    proxyThreads,
                    clock);
            vm.proxy = proxy;
            endpoints.put(m.microvmId(), proxy);
            return proxy.endpoint();
        } catch (IOException e) {
            throw new HookFailure("The MicroVM's endpoint could not listen: " + e.getMessage());
        }
    }

    @Override
    public void suspend(String microvmId) throws InterruptedException {
        Running vm = require(microvmId);
        MicrovmHooks hooks = runtimeHooks(vm.hooks);
        if (hooks != null && hooks.suspend() == HookState.ENABLED) {
            requireOk("Suspend", hooks(vm).once("suspend", "{}", seconds(hooks.suspendTimeoutInSeconds(), 1)));
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
            requireOk("Resume", hooks(vm).once("resume", "{}", seconds(hooks.resumeTimeoutInSeconds(), 1)));
        }
    }

    @Override
    public void terminate(String microvmId) {
        Running vm = running.remove(microvmId);
        if (vm == null) {
            return;
        }
        MicrovmHooks hooks = runtimeHooks(vm.hooks);
        if (!vm.frozen && vm.app.isAlive() && hooks != null && hooks.terminate() == HookState.ENABLED) {
            try {
                HookClient.Outcome outcome =
                        hooks(vm).once("terminate", "{}", seconds(hooks.terminateTimeoutInSeconds(), 1));
                LOG.debug("terminate hook of {}: {}", microvmId, outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        vm.app.kill();
        try {
            Trees.deleteRecursively(directory(microvmId).resolve("rootfs"));
        } catch (IOException e) {
            LOG.debug("Could not remove the file tree of {}", microvmId, e);
        }
    }

    /** With a ready hook, waits for it; without one, waits until the app's first exposed port takes connections. */
    private void awaitReady(Running vm, int port) throws InterruptedException {
        MicrovmImageHooks build = vm.hooks == null ? null : vm.hooks.microvmImageHooks();
        if (build != null && build.ready() == HookState.ENABLED) {
            HookClient.Outcome outcome = hooks(vm).untilReady("ready", seconds(build.readyTimeoutInSeconds(), 30));
            requireOk("Ready", outcome);
            return;
        }
        Instant deadline = clock.instant().plus(NO_HOOK_WAIT);
        while (clock.instant().isBefore(deadline) && vm.app.isAlive()) {
            try (SocketChannel probe = vm.app.connect(port)) {
                return;
            } catch (ConnectException notYet) {
                Thread.sleep(20);
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        if (!vm.app.isAlive()) {
            throw new HookFailure("The MicroVM's app exited with code "
                    + vm.app.onExit().getNow(null) + " before it was ready; see its stderr.log.");
        }
    }

    private int defaultPort(Path versionDir) {
        try {
            var exposed = images.readLaunch(versionDir).exposedPorts();
            return exposed.isEmpty() ? 8080 : exposed.get(0);
        } catch (IOException e) {
            return 8080;
        }
    }

    private static void requireOk(String hook, HookClient.Outcome outcome) {
        if (outcome instanceof HookClient.Answered a && a.status() == 200) {
            return;
        }
        if (outcome instanceof HookClient.Answered a) {
            throw new HookFailure(hook + " lifecycle hook returned HTTP status " + a.status() + ".");
        }
        if (outcome instanceof HookClient.TimedOut t) {
            throw new HookFailure(hook + " lifecycle hook invocation timed out after " + t.after() + ".");
        }
        HookClient.Unreachable u = (HookClient.Unreachable) outcome;
        throw new HookFailure(hook + " lifecycle hook invocation failed: nothing answered on the hooks port within "
                + u.after() + " (" + u.error() + ").");
    }

    private static HookClient hooks(Running vm) {
        Integer port = vm.hooks == null ? null : vm.hooks.port();
        return new HookClient(vm.app::connect, port == null ? 9000 : port);
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
        EndpointProxy proxy = endpoints.remove(microvmId);
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Kills every MicroVM this runtime started and closes every endpoint; for the emulator's shutdown. */
    public void closeAll() {
        running.keySet().forEach(id -> {
            Running vm = running.remove(id);
            if (vm != null) {
                vm.app.kill();
            }
        });
        endpoints.keySet().forEach(this::forget);
        proxyThreads.shutdownNow();
    }
}
