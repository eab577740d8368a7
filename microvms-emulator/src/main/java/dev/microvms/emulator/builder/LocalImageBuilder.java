package dev.microvms.emulator.builder;

import dev.microvms.emulator.core.BuildJob;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.ImageBuilder;
import dev.microvms.emulator.core.ImageVersion;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.emulator.core.dockerfile.AssembledImage;
import dev.microvms.emulator.core.dockerfile.Dockerfile;
import dev.microvms.emulator.core.dockerfile.DockerfileException;
import dev.microvms.emulator.core.dockerfile.ExposedPort;
import dev.microvms.emulator.core.dockerfile.ImageAssembler;
import dev.microvms.emulator.core.dockerfile.RunStep;
import dev.microvms.emulator.core.dockerfile.StepCache;
import dev.microvms.emulator.core.dockerfile.StepResult;
import dev.microvms.emulator.executor.Executor;
import dev.microvms.emulator.executor.GuestExit;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.ResourceLimits;
import dev.microvms.emulator.executor.StepSpec;
import dev.microvms.emulator.hooks.AppWaits;
import dev.microvms.emulator.hooks.Evidence;
import dev.microvms.emulator.hooks.HookClient;
import dev.microvms.emulator.hooks.HookFailures;
import dev.microvms.emulator.hooks.NotReady;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.images.Trees;
import dev.microvms.emulator.s3.S3Objects;
import dev.microvms.emulator.standby.AppLauncher;
import dev.microvms.emulator.standby.Standby;
import dev.microvms.emulator.standby.StandbyPool;
import dev.microvms.emulator.store.DiskSpace;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmImageHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds image versions for real, as the service does but on this machine (DESIGN.md, Build): fetch the
 * artifact, unzip it, parse the Dockerfile at its root, assemble the image's file tree and run its RUN
 * steps in the sandbox, start the app from ENTRYPOINT/CMD, call {@code ready} until 200, measure what the
 * snapshot would hold, then call {@code validate} on the same process (as the service validates the
 * restored snapshot) and hand that process to the {@link StandbyPool}, frozen, for the version's first
 * MicroVM. Every wait on the app ends the moment it exits. Failures carry the service's reasons and codes
 * and the app's own last words; everything is written to the version's build log.
 */
public final class LocalImageBuilder implements ImageBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(LocalImageBuilder.class);
    private static final String DISK_STORAGE_FULL = "DISK_STORAGE_FULL";
    private static final String CONTEXT = "context";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration APP_SETTLE = Duration.ofMillis(500);

    private final Executor executor;
    private final AppLauncher launcher;
    private final S3Objects s3;
    private final ImageFiles files;
    private final StandbyPool standbys;
    private final Clock clock;
    private final StepCache cache;
    private final List<Path> artifactDirectories;

    /**
     * @param executor runs RUN steps and apps
     * @param s3 where {@code s3://} artifacts are read from
     * @param files where built versions are kept
     * @param standbys where the app that passed {@code validate} stands by for the version's first MicroVM
     * @param clock the time of the build log's lines
     * @param artifactDirectories the directories {@code file://} artifacts may be read from (none: S3 only)
     * @param cache where the results of Dockerfile steps are kept, so that a step whose inputs did not change
     *     since an earlier build is not run again
     */
    public LocalImageBuilder(
            Executor executor,
            S3Objects s3,
            ImageFiles files,
            StandbyPool standbys,
            Clock clock,
            List<Path> artifactDirectories,
            StepCache cache) {
        this.executor = executor;
        this.launcher = new AppLauncher(executor);
        this.s3 = s3;
        this.files = files;
        this.standbys = standbys;
        this.clock = clock;
        this.cache = Objects.requireNonNull(cache, "cache == null");
        this.artifactDirectories = List.copyOf(artifactDirectories);
    }

    @Override
    public BuildResult build(BuildJob job) throws InterruptedException {
        Path dir = files.version(job.context().region(), job.imageName(), job.version());
        try {
            Trees.deleteRecursively(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            return BuildResult.failure(
                    "The build could not prepare its directory: " + e.getMessage(),
                    DiskSpace.isFull(e) ? DISK_STORAGE_FULL : "CONTAINER_BUILD_FAILED");
        }
        BuildLog log = new BuildLog(files.buildLog(dir), clock);
        // Validation let only the union's uri member through.
        String uri = job.config().codeArtifact() instanceof CodeArtifact.Uri u ? u.uri() : "";
        log.line("Building " + job.imageName() + " version " + job.version() + " from " + uri + " with the "
                + executor.name() + " executor");
        try {
            Path context = dir.resolve(CONTEXT);
            try (InputStream artifact = Artifacts.open(uri, s3, artifactDirectories)) {
                Artifacts.unzip(artifact, context, Artifacts.Limits.DEFAULT);
            }
            Path dockerfile = context.resolve("Dockerfile");
            if (!Files.isRegularFile(dockerfile)) {
                throw new Artifacts.Failure(
                        "ARCHIVE_DOCKERFILE_NOT_FOUND",
                        "The code artifact has no Dockerfile at"
                                + " its root. Put the Dockerfile at the top of the zip, not inside a folder.");
            }
            Path rootfs = files.rootfs(dir);
            AssembledImage image = ImageAssembler.builder()
                    .stepRunner(step -> runStep(step, log, job.config().memoryMiB()))
                    .stepCache(cache)
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
            SnapshotSizes sizes = snapshotAndValidate(job, dir, launch, log);
            // The tree and launch.json are what MicroVMs start from; the unpacked archive is not needed again.
            Trees.deleteRecursively(context);
            log.line("Build succeeded: memory " + sizes.memorySnapshotSizeInBytes() + " bytes, code "
                    + sizes.codeInstallSizeInBytes() + " bytes, disk " + sizes.diskSnapshotSizeInBytes() + " bytes");
            return BuildResult.success(sizes);
        } catch (Artifacts.Failure f) {
            return failed(log, dir, f.getMessage(), f.code, null);
        } catch (DockerfileException e) {
            return failed(log, dir, "The container image build failed. " + e.getMessage(), "CONTAINER_BUILD_FAILED", e);
        } catch (IOException | UncheckedIOException e) {
            return failed(log, dir, "The container image build failed: " + e.getMessage(), "CONTAINER_BUILD_FAILED", e);
        }
    }

    /**
     * A failed build's result. A disk that filled up is the likely cause of whatever failed then (a RUN step
     * that could not write, a copy cut short), and is reported as the service does.
     */
    private static BuildResult failed(BuildLog log, Path dir, String reason, String code, @Nullable Exception e) {
        if (!code.equals(DISK_STORAGE_FULL) && ((e != null && DiskSpace.isFull(e)) || DiskSpace.isFull(dir))) {
            reason = "The build ran out of disk space: " + reason
                    + " Free space under the emulator's state directory, or make the image smaller.";
            code = DISK_STORAGE_FULL;
        }
        log.line("Build failed (" + code + "): " + reason);
        return BuildResult.failure(reason, code);
    }

    /**
     * Removes what a failed build left but its log: the unpacked archive and the tree (the app's own
     * directory went when it was stopped).
     */
    @Override
    public void discardWork(BuildJob job) {
        Path dir = files.version(job.context().region(), job.imageName(), job.version());
        for (String left : List.of(CONTEXT, "rootfs", "launch.json")) {
            delete(dir.resolve(left));
        }
    }

    /** Removes the version's directory, and its image's and region's when they are left empty. */
    @Override
    public void discard(BuildJob job) {
        Path dir = files.version(job.context().region(), job.imageName(), job.version());
        delete(dir);
        for (Path parent = dir.getParent();
                parent != null && !parent.equals(files.root());
                parent = parent.getParent()) {
            try {
                Files.deleteIfExists(parent);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                LOG.warn("Cannot remove {}", parent, e);
                return;
            }
        }
    }

    private static void delete(Path path) {
        try {
            Trees.deleteRecursively(path);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}; remove it by hand", path, e);
        }
    }

    private StepResult runStep(RunStep step, BuildLog log, int memoryClass) {
        log.line("line " + step.line() + ": RUN " + String.join(" ", step.argv()));
        try {
            dev.microvms.emulator.executor.StepResult result = executor.runStep(new StepSpec(
                    step.root(),
                    step.argv(),
                    step.environment(),
                    step.workingDirectory(),
                    log.file(),
                    STEP_TIMEOUT,
                    ResourceLimits.forBuildStep(memoryClass)));
            return new StepResult(result.exitCode(), result.outputTail());
        } catch (IOException e) {
            return new StepResult(127, "the step could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepResult(130, "interrupted");
        }
    }

    /**
     * Starts the app as the service does before its snapshot and waits until it is ready; measures it;
     * takes the disk snapshot (the version's tree becomes the app's tree as it was then); calls {@code
     * validate} on the same process, as the service validates a restored snapshot; and gives the process to
     * the standby pool, so that the version's first MicroVM starts as from the snapshot.
     */
    private SnapshotSizes snapshotAndValidate(BuildJob job, Path dir, ImageFiles.Launch launch, BuildLog log)
            throws Artifacts.Failure, IOException, InterruptedException {
        Path tree = files.rootfs(dir);
        long codeSize = Trees.size(tree);
        Path appDir = standbys.newDirectory();
        log.line("Starting the app: " + String.join(" ", launch.command()));
        GuestProcess app;
        try {
            app = launcher.start(
                    "build-" + job.imageName() + "-" + job.version().replace('.', '-'),
                    appDir,
                    tree,
                    launch,
                    job.config().environmentVariables(),
                    AppLauncher.internetEgress(job.config().egressNetworkConnectors()),
                    ResourceLimits.forMemoryClass(job.config().memoryMiB()));
        } catch (IOException | RuntimeException e) {
            Trees.deleteRecursively(appDir);
            throw e;
        }
        boolean kept = false;
        try {
            awaitReady(job, app, appDir, log);
            long memory = ProcessMemory.residentBytes(app.pid());
            long disk = snapshotDisk(app, appDir, tree, codeSize);
            validate(job, app, appDir, log);
            if (standbys.perVersion() > 0) {
                log.output(appDir, "until it stood by; the rest is in the log of the MicroVM that takes it");
                standbys.offer(ImageVersion.key(job.imageArn(), job.version()), Standby.ready(appDir, app));
                kept = true;
                log.line("The app stands by, frozen, for this version's first MicroVM");
            }
            return new SnapshotSizes(memory, codeSize, disk);
        } finally {
            if (!kept) {
                app.kill();
                log.output(appDir, "");
                Trees.deleteRecursively(appDir);
            }
        }
    }

    /** While the app is frozen, measures what it wrote and makes its tree the version's. */
    private static long snapshotDisk(GuestProcess app, Path appDir, Path tree, long codeSize) throws IOException {
        app.freeze();
        try {
            Path written = AppLauncher.rootfs(appDir);
            long disk = Math.max(0, Trees.size(written) - codeSize);
            Trees.deleteRecursively(tree);
            Trees.copy(written, tree);
            return disk;
        } finally {
            app.thaw();
        }
    }

    private void awaitReady(BuildJob job, GuestProcess app, Path appDir, BuildLog log)
            throws Artifacts.Failure, InterruptedException {
        MicrovmImageHooks hooks = buildHooks(job.config().hooks());
        if (hooks != null && hooks.ready() == HookState.ENABLED) {
            Duration timeout = seconds(hooks.readyTimeoutInSeconds(), 30);
            await(job, AppWaits.hookOk(app, "ready", hookClient(job, app).untilReady("ready", timeout)), appDir, log);
            log.line("ready hook answered 200");
            return;
        }
        // Without a ready hook the service snapshots once the app has started; give it a moment.
        await(job, AppWaits.settled(app, APP_SETTLE), appDir, log);
    }

    /** Calls {@code validate} on the app that passed {@code ready}, when it is enabled. */
    private void validate(BuildJob job, GuestProcess app, Path appDir, BuildLog log)
            throws Artifacts.Failure, InterruptedException {
        MicrovmImageHooks hooks = buildHooks(job.config().hooks());
        if (hooks == null || hooks.validate() != HookState.ENABLED) {
            return;
        }
        Duration timeout = seconds(hooks.validateTimeoutInSeconds(), 30);
        await(job, AppWaits.hookOk(app, "validate", hookClient(job, app).untilReady("validate", timeout)), appDir, log);
        log.line("validate hook answered 200");
    }

    private static void await(BuildJob job, CompletableFuture<Void> wait, Path appDir, BuildLog log)
            throws Artifacts.Failure, InterruptedException {
        try {
            AppWaits.await(wait);
        } catch (NotReady e) {
            String reason = reason(job, e, appDir);
            log.line(reason);
            throw new Artifacts.Failure("CONTAINER_BUILD_FAILED", reason);
        }
    }

    private static String reason(BuildJob job, NotReady e, Path appDir) {
        String readLog = " Read the whole build log with 'lambda-microvms images log " + job.imageName() + " "
                + job.version() + "'.";
        GuestExit exit = e.exit();
        if (exit != null) {
            String when = e.hook().equals("validate") ? "during its validate hook" : "before it was ready";
            return "The container image build failed. The app " + exit.describe() + " " + when + "."
                    + Evidence.tail(AppLauncher.stderr(appDir), AppLauncher.stdout(appDir)) + readLog;
        }
        String label = Character.toUpperCase(e.hook().charAt(0)) + e.hook().substring(1) + " hook";
        return HookFailures.describe(
                        label,
                        Objects.requireNonNull(e.outcome()),
                        job.config().hooks().port())
                + readLog;
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

    /**
     * The build log of one version: every step, note and failure, with times, and the app's output. Writing
     * it is best effort: a disk too full for a log line must not end the build before its failure is
     * recorded.
     */
    static final class BuildLog {
        /** The most of each of the app's streams copied into the log: its end, where failures are. */
        private static final int MAX_OUTPUT = 256 * 1024;

        private final Path file;
        private final Clock clock;
        private boolean failing;

        BuildLog(Path file, Clock clock) {
            this.file = file;
            this.clock = clock;
        }

        Path file() {
            return file;
        }

        void line(String text) {
            append((clock.instant() + " " + text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Copies what the app wrote (it writes to files of its own, which become its MicroVM's logs if it
         * stands by) into the build log.
         */
        void output(Path appDir, String note) {
            copy(AppLauncher.stdout(appDir), "standard output", note);
            copy(AppLauncher.stderr(appDir), "standard error", note);
        }

        private void copy(Path stream, String name, String note) {
            try {
                if (!Files.exists(stream) || Files.size(stream) == 0) {
                    return;
                }
                long size = Files.size(stream);
                line("The app's " + name + (note.isEmpty() ? "" : ", " + note)
                        + (size > MAX_OUTPUT ? " (its last " + MAX_OUTPUT / 1024 + " KiB)" : "") + ":");
                try (SeekableByteChannel in = Files.newByteChannel(stream)) {
                    in.position(Math.max(0, size - MAX_OUTPUT));
                    ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size, MAX_OUTPUT));
                    while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                        // Reads until the buffer is full or the file ends.
                    }
                    byte[] text = Arrays.copyOf(bytes.array(), bytes.position());
                    append(text);
                    if (text.length > 0 && text[text.length - 1] != '\n') {
                        append(System.lineSeparator().getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                line("The app's " + name + " could not be read: " + e.getMessage());
            }
        }

        private void append(byte[] bytes) {
            try {
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("Cannot write the build log {}: {}; its lines are lost until it can", file, e.toString());
                }
                return;
            }
            failing = false;
        }
    }
}
