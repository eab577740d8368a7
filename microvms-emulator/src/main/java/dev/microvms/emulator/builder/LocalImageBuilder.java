package dev.microvms.emulator.builder;

import dev.microvms.emulator.core.BuildJob;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.emulator.core.dockerfile.AssembledImage;
import dev.microvms.emulator.core.dockerfile.Dockerfile;
import dev.microvms.emulator.core.dockerfile.DockerfileException;
import dev.microvms.emulator.core.dockerfile.ExposedPort;
import dev.microvms.emulator.core.dockerfile.ImageAssembler;
import dev.microvms.emulator.core.dockerfile.RunStep;
import dev.microvms.emulator.core.dockerfile.StepResult;
import dev.microvms.emulator.executor.Executor;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.LaunchSpec;
import dev.microvms.emulator.executor.StepSpec;
import dev.microvms.emulator.hooks.HookClient;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.images.Trees;
import dev.microvms.emulator.s3.S3Objects;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmImageHooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds image versions for real, as the service does but on this machine (DESIGN.md, Build): fetch the
 * artifact, unzip it, parse the Dockerfile at its root, assemble the image's file tree and run its RUN
 * steps in the sandbox, start the app from ENTRYPOINT/CMD, call {@code ready} until 200, measure what the
 * snapshot would hold, then start a test MicroVM and call {@code validate}. Failures carry the service's
 * reasons and codes; everything is written to the version's build log.
 */
public final class LocalImageBuilder implements ImageBuilder {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration APP_SETTLE = Duration.ofMillis(500);

    private final Executor executor;
    private final S3Objects s3;
    private final ImageFiles files;

    /**
     * @param executor runs RUN steps and apps
     * @param s3 where {@code s3://} artifacts are read from
     * @param files where built versions are kept
     */
    public LocalImageBuilder(Executor executor, S3Objects s3, ImageFiles files) {
        this.executor = executor;
        this.s3 = s3;
        this.files = files;
    }

    @Override
    public BuildResult build(BuildJob job) throws InterruptedException {
        Path dir = files.version(job.context().region(), job.imageName(), job.version());
        try {
            Trees.deleteRecursively(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            return BuildResult.failure(
                    "The build could not prepare its directory " + dir + ": " + e.getMessage(), "DISK_STORAGE_FULL");
        }
        BuildLog log = new BuildLog(files.buildLog(dir));
        log.line("Building " + job.imageName() + " version " + job.version() + " from "
                + job.config().codeArtifact().uri() + " with the " + executor.name() + " executor");
        try {
            Path context = dir.resolve("context");
            Artifacts.unzip(Artifacts.fetch(job.config().codeArtifact().uri(), s3), context);
            Path dockerfile = context.resolve("Dockerfile");
            if (!Files.isRegularFile(dockerfile)) {
                throw new Artifacts.Failure(
                        "ARCHIVE_DOCKERFILE_NOT_FOUND",
                        "The code artifact has no Dockerfile at"
                                + " its root. Put the Dockerfile at the top of the zip, not inside a folder.");
            }
            Path rootfs = files.rootfs(dir);
            AssembledImage image = ImageAssembler.builder()
                    .stepRunner(step -> runStep(step, log))
                    .build()
                    .assemble(Dockerfile.parse(Files.readString(dockerfile, StandardCharsets.UTF_8)), context, rootfs);
            image.notes().forEach(log::line);
            if (image.command().isEmpty()) {
                throw new Artifacts.Failure(
                        "CONTAINER_BUILD_FAILED",
                        "The container image build failed. The Dockerfile"
                                + " sets neither ENTRYPOINT nor CMD, so there is no app to start.");
            }
            List<Integer> ports = new ArrayList<>();
            for (ExposedPort p : image.exposedPorts()) {
                ports.add(p.port());
            }
            ImageFiles.Launch launch =
                    new ImageFiles.Launch(image.command(), image.environment(), image.workingDirectory(), ports);
            files.writeLaunch(dir, launch);
            SnapshotSizes sizes = snapshot(job, dir, launch, log);
            validate(job, dir, launch, log);
            log.line("Build succeeded: memory " + sizes.memorySnapshotSizeInBytes() + " bytes, code "
                    + sizes.codeInstallSizeInBytes() + " bytes, disk " + sizes.diskSnapshotSizeInBytes() + " bytes");
            return BuildResult.success(sizes);
        } catch (Artifacts.Failure f) {
            log.line("Build failed (" + f.code + "): " + f.getMessage());
            return BuildResult.failure(f.getMessage(), f.code);
        } catch (DockerfileException e) {
            log.line("Build failed: " + e.getMessage());
            return BuildResult.failure("The container image build failed. " + e.getMessage(), "CONTAINER_BUILD_FAILED");
        } catch (IOException | UncheckedIOException e) {
            log.line("Build failed: " + e);
            return BuildResult.failure("The container image build failed: " + e.getMessage(), "CONTAINER_BUILD_FAILED");
        }
    }

    private StepResult runStep(RunStep step, BuildLog log) {
        log.line("line " + step.line() + ": RUN " + String.join(" ", step.argv()));
        try {
            dev.microvms.emulator.executor.StepResult result = executor.runStep(new StepSpec(
                    step.root(), step.argv(), step.environment(), step.workingDirectory(), log.file(), STEP_TIMEOUT));
            return new StepResult(result.exitCode(), result.outputTail());
        } catch (IOException e) {
            return new StepResult(127, "the step could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepResult(130, "interrupted");
        }
    }

    /** Starts the app as the service does before its snapshot, waits until it is ready, and measures it. */
    private SnapshotSizes snapshot(BuildJob job, Path dir, ImageFiles.Launch launch, BuildLog log)
            throws Artifacts.Failure, IOException, InterruptedException {
        Path rootfs = files.rootfs(dir);
        long codeSize = Trees.size(rootfs);
        GuestProcess app = start(job, dir.resolve("snapshot-run"), rootfs, launch, log);
        try {
            awaitReady(job, app, log);
            long memory = ProcessMemory.residentBytes(app.pid());
            long disk = Math.max(0, Trees.size(rootfs) - codeSize);
            return new SnapshotSizes(memory, codeSize, disk);
        } finally {
            app.kill();
        }
    }

    /** Boots a test MicroVM from a copy of the tree and calls {@code validate}, when it is enabled. */
    private void validate(BuildJob job, Path dir, ImageFiles.Launch launch, BuildLog log)
            throws Artifacts.Failure, IOException, InterruptedException {
        MicrovmImageHooks hooks = buildHooks(job.config().hooks());
        if (hooks == null || hooks.validate() != dev.microvms.model.HookState.ENABLED) {
            return;
        }
        Path run = dir.resolve("validate-run");
        Path copy = run.resolve("rootfs");
        Trees.copy(files.rootfs(dir), copy);
        GuestProcess app = start(job, run, copy, launch, log);
        try {
            awaitReady(job, app, log);
            Duration timeout = seconds(hooks.validateTimeoutInSeconds(), 30);
            HookClient.Outcome outcome = hookClient(job, app).untilReady("validate", timeout);
            requireOk("Validate", outcome, log);
            log.line("validate hook answered 200");
        } finally {
            app.kill();
            Trees.deleteRecursively(run);
        }
    }

    private GuestProcess start(BuildJob job, Path runDir, Path rootfs, ImageFiles.Launch launch, BuildLog log)
            throws IOException {
        Files.createDirectories(runDir);
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        if (job.config().environmentVariables() != null) {
            env.putAll(job.config().environmentVariables());
        }
        log.line("Starting the app: " + String.join(" ", launch.command()));
        return executor.start(new LaunchSpec(
                "build-" + job.imageName() + "-" + job.version().replace('.', '-'),
                rootfs,
                runDir,
                launch.command(),
                env,
                launch.workingDirectory(),
                log.file(),
                log.file()));
    }

    private void awaitReady(BuildJob job, GuestProcess app, BuildLog log)
            throws Artifacts.Failure, InterruptedException {
        MicrovmImageHooks hooks = buildHooks(job.config().hooks());
        if (hooks != null && hooks.ready() == dev.microvms.model.HookState.ENABLED) {
            Duration timeout = seconds(hooks.readyTimeoutInSeconds(), 30);
            HookClient.Outcome outcome = hookClient(job, app).untilReady("ready", timeout);
            if (!app.isAlive()) {
                throw exited(app);
            }
            requireOk("Ready", outcome, log);
            log.line("ready hook answered 200");
            return;
        }
        // Without a ready hook the service snapshots once the app has started; give it a moment.
        Instant until = Instant.now().plus(APP_SETTLE);
        while (Instant.now().isBefore(until) && app.isAlive()) {
            Thread.sleep(20);
        }
        if (!app.isAlive()) {
            throw exited(app);
        }
    }

    private static Artifacts.Failure exited(GuestProcess app) {
        Integer code = app.onExit().getNow(null);
        return new Artifacts.Failure(
                "CONTAINER_BUILD_FAILED",
                "The container image build failed. The app exited" + (code == null ? "" : " with code " + code)
                        + " before it was ready; see the build log.");
    }

    private static void requireOk(String hook, HookClient.Outcome outcome, BuildLog log) throws Artifacts.Failure {
        if (outcome instanceof HookClient.Answered a && a.status() == 200) {
            return;
        }
        String reason;
        if (outcome instanceof HookClient.Answered a) {
            reason = hook + " hook returned HTTP status " + a.status() + ".";
        } else if (outcome instanceof HookClient.TimedOut t) {
            reason = hook + " hook invocation timed out after " + t.after();
        } else {
            HookClient.Unreachable u = (HookClient.Unreachable) outcome;
            reason = hook + " hook invocation timed out after " + u.after() + " (nothing answered on the hooks port: "
                    + u.error() + ")";
        }
        log.line(reason);
        throw new Artifacts.Failure("CONTAINER_BUILD_FAILED", reason);
    }

    private static HookClient hookClient(BuildJob job, GuestProcess app) {
        return new HookClient(app::connect, job.config().hooks().port());
    }

    private static @Nullable MicrovmImageHooks buildHooks(@Nullable Hooks hooks) {
        return hooks == null ? null : hooks.microvmImageHooks();
    }

    private static Duration seconds(@Nullable Integer value, int fallback) {
        return Duration.ofSeconds(value == null ? fallback : value);
    }

    /** The build log of one version: every step, note and failure, with times. */
    static final class BuildLog {
        private final Path file;

        BuildLog(Path file) {
            this.file = file;
        }

        Path file() {
            return file;
        }

        void line(String text) {
            try {
                Files.writeString(
                        file,
                        Instant.now() + " " + text + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the build log " + file, e);
            }
        }
    }
}
