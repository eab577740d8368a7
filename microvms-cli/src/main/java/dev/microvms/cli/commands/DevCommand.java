package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.AppOutput;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.LocalEmulator;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.ProjectWatcher;
import dev.microvms.cli.internal.Settings;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.project.BuildStep;
import dev.microvms.project.Deployer;
import dev.microvms.project.Packager;
import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dev}: the inner loop. Starts (or reuses) the local emulator, deploys the project, runs a MicroVM
 * and streams its output; on every change that counts, builds, deploys and replaces the MicroVM again.
 * Ctrl-C terminates the MicroVM, and the emulator if this command started it.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = {
            "Develop against the local emulator: start it (or use the one that answers), build and deploy the"
                    + " project, run a MicroVM, print its endpoint and stream the app's output. Every save of a"
                    + " source, microvm.yml or the Dockerfile builds, deploys and replaces the MicroVM; unchanged"
                    + " Dockerfile steps come from the emulator's build cache. Ctrl-C terminates the MicroVM, and"
                    + " the emulator if dev started it."
        })
public final class DevCommand implements Callable<Integer> {
    /** How long the project must be quiet after a save before the build starts, so a burst is one build. */
    private static final Duration QUIET = Duration.ofMillis(150);

    /** JVM options for a short run: the client compiler only, the serial collector. */
    private static final String SHORT_RUN_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final CliContext context;

    @Mixin
    ProjectOptions project;

    @Mixin
    LocalCommand.Where where;

    @Option(
            names = "--user-namespace",
            paramLabel = "WHEN",
            description = "auto, always or never, as for 'local start', when dev starts the emulator"
                    + " (default: ${DEFAULT-VALUE}).")
    LocalEmulator.UserNamespace userNamespace = LocalEmulator.UserNamespace.AUTO;

    private @Nullable Microvm current;
    private @Nullable AppOutput output;
    private @Nullable URI emulator;
    /** Set by Ctrl-C, in case a call it interrupted did not keep the thread's interrupt. */
    private volatile boolean stopping;

    /** @param context this run's context */
    public DevCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ProjectFile file = project.load();
        Map<String, String> env = new HashMap<>(context.env());
        if (where.port == null && file.local().port() != null && !env.containsKey(Settings.LOCAL_PORT_VARIABLE)) {
            where.port = file.local().port();
        }
        LocalEmulator local = where.emulator(context);
        emulator = local.endpoint();
        env.put(Settings.LOCAL_PORT_VARIABLE, String.valueOf(local.port()));
        boolean started = false;
        if (local.healthy()) {
            progress("Using the emulator at " + local.endpoint());
        } else {
            progress("Starting the emulator on " + local.endpoint() + " (state in " + local.stateDirectory() + ")");
            local.startInBackground(userNamespace);
            started = true;
        }
        Thread loop = Thread.currentThread();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stopping = true;
                    loop.interrupt();
                    try {
                        stopped.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "dev-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Settings settings = Settings.resolve(env, file.region(), file.profile(), false, null, true);
        boolean interrupted = false;
        try (Microvms microvms = ConnectionOptions.open(context, settings);
                S3Client s3 = settings.s3();
                ProjectWatcher watcher = new ProjectWatcher(
                        project.directory(),
                        file.artifact().build() != null,
                        file.artifact().outputOrDefault())) {
            try {
                loop(file, microvms, s3, settings, watcher);
            } catch (InterruptedException e) {
                interrupted = true; // Ctrl-C: what was started is stopped below
            } finally {
                interrupted |= Thread.interrupted(); // the clean-up must not be cut short
                terminateCurrent();
            }
        } finally {
            interrupted |= Thread.interrupted();
            if (started) {
                progress("Stopping the emulator dev started");
                local.stop();
            } else if (interrupted) {
                progress("The emulator at " + local.endpoint() + " keeps running: it was running before dev.");
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waits for the latch counted down above.
            }
        }
        return ExitCodes.OK;
    }

    private void loop(ProjectFile first, Microvms microvms, S3Client s3, Settings settings, ProjectWatcher watcher)
            throws InterruptedException, IOException {
        ProjectFile file = first;
        while (true) {
            long start = System.nanoTime();
            try {
                cycle(file, microvms, s3, settings.regionOrChain(), start);
            } catch (RuntimeException | IOException e) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped");
                }
                progress("Not deployed: " + message(e));
                progress("Fix it and save; the MicroVM that runs keeps running.");
            }
            if (stopping) {
                throw new InterruptedException("stopped");
            }
            List<String> changed = watcher.awaitChange(QUIET);
            progress("");
            progress("Changed: " + String.join(", ", changed.subList(0, Math.min(5, changed.size())))
                    + (changed.size() > 5 ? " and " + (changed.size() - 5) + " more" : ""));
            try {
                file = project.load();
            } catch (RuntimeException e) {
                progress("microvm.yml: " + message(e));
            }
        }
    }

    /** Build, deploy, run the new MicroVM, then terminate the one it replaces. */
    private void cycle(ProjectFile file, Microvms microvms, S3Client s3, String region, long start)
            throws IOException, InterruptedException {
        Packager.Result pkg = pack(file);
        WaiterOptions quiet = WaiterOptions.builder().build();
        Deployer.Deployment deployment =
                new Deployer(microvms, s3, true, this::progress).deploy(file, pkg, region, quiet);
        RunMicrovmRequest.Builder request = RunMicrovmRequest.builder()
                .imageIdentifier(deployment.image().arn())
                .imageVersion(deployment.imageVersion());
        ProjectFile.RunSettings run = file.run();
        request.runHookPayload(run.payload()).maximumDurationInSeconds(run.maxDurationSeconds());
        if (run.idle() != null) {
            request.idlePolicy(run.idle().toModel());
        }
        if (run.ingress() != null) {
            request.ingressNetworkConnectors(run.ingress().stream()
                    .map(c -> ProjectFile.connectorArn(region, c))
                    .toList());
        }
        Microvm next = microvms.run(request.build()).waitUntilRunning(quiet);
        Microvm previous = current;
        AppOutput previousOutput = output;
        current = next;
        output = AppOutput.follow(Objects.requireNonNull(emulator), next.id(), context.out(), context.err());
        progress("Serving " + deployment.image().name() + " version " + deployment.imageVersion() + " on "
                + next.data().endpoint() + " (MicroVM " + next.id() + ", " + (System.nanoTime() - start) / 1_000_000
                + " ms after the change); try: lambda-microvms call --local " + next.id() + " /");
        if (previous != null) {
            terminate(previous, previousOutput);
        }
    }

    /** The build, with a JVM tuned for short runs when it is Maven, then the zip. */
    private Packager.Result pack(ProjectFile file) throws IOException, InterruptedException {
        String build = file.artifact().build();
        if (build != null) {
            long start = System.nanoTime();
            progress("Building: " + build);
            BuildStep.run(project.directory(), build, buildEnvironment(), context.err());
            progress("Built in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        return PackageCommand.pack(context, project, file, true);
    }

    /**
     * A build run over and over is short: Maven (and other JVM tools that read MAVEN_OPTS) starts about twice
     * as fast with the client compiler only and the serial collector, unless MAVEN_OPTS says otherwise.
     */
    private Map<String, String> buildEnvironment() {
        String opts = context.env().getOrDefault("MAVEN_OPTS", "");
        if (opts.contains("TieredStopAtLevel") || opts.contains("GC")) {
            return Map.of();
        }
        return Map.of("MAVEN_OPTS", (opts + " " + SHORT_RUN_JVM).strip());
    }

    private void terminate(Microvm vm, @Nullable AppOutput vmOutput) throws InterruptedException {
        try {
            vm.terminate();
        } catch (RuntimeException e) {
            progress("Could not terminate " + vm.id() + ": " + message(e));
        }
        if (vmOutput != null) {
            vmOutput.close(Duration.ofSeconds(2));
        }
    }

    private void terminateCurrent() {
        Microvm vm = current;
        if (vm == null) {
            return;
        }
        progress("");
        progress("Terminating " + vm.id());
        try {
            terminate(vm, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void progress(String line) {
        context.err().println(line);
        context.err().flush();
    }
}
