package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a parsed Dockerfile against a build context into an image's file tree, without Docker: the host
 * stands in for the base image, COPY and ADD fill the tree ({@code rootfs/app/app.jar} is the image's
 * {@code /app/app.jar}), RUN steps go to a {@link StepRunner}, and the result says how to start the app.
 *
 * <pre>{@code
 * AssembledImage image = ImageAssembler.builder()
 *         .stepRunner(sandbox::run)
 *         .buildArg("VERSION", "1.2.0")
 *         .build()
 *         .assemble(Dockerfile.parse(Files.readString(context.resolve("Dockerfile"))), context, rootfs);
 * List<String> argv = image.command(); // [java, -jar, /app/app.jar]
 * }</pre>
 *
 * <p>Multi-stage builds are supported: each stage gets its own tree (in {@code <rootfs>.stages}, deleted
 * after the build), {@code COPY --from} copies from an earlier stage, the last stage is the image, and a
 * stage the last one does not need is skipped, as BuildKit does.
 */
public final class ImageAssembler {

    /** The PATH of Docker's default environment, which Amazon Linux images also use. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final StepRunner runner;
    private final Map<String, String> buildArgs;
    private final Map<String, String> baseEnvironment;
    private final String platform;
    private final StepCache cache;

    private ImageAssembler(Builder builder) {
        this.runner = builder.runner;
        this.buildArgs = Map.copyOf(builder.buildArgs);
        this.baseEnvironment = new LinkedHashMap<>(builder.baseEnvironment);
        this.platform = builder.platform;
        this.cache = builder.cache;
    }

    /**
     * Starts a builder; only the step runner is needed when the Dockerfile has RUN steps to run.
     *
     * @return a builder with no build args, PATH as base environment, and the host's platform
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the image.
     *
     * @param dockerfile the parsed Dockerfile
     * @param context the build context (the unzipped archive), whose {@code .dockerignore} is honoured
     * @param rootfs where the image's tree goes: a new or empty directory
     * @return how to start the app, its environment and the notes for the build log
     * @throws DockerfileException when an instruction fails, naming its line
     * @throws IllegalArgumentException when the context is not a directory or the rootfs is not empty
     * @throws InterruptedException when the thread is interrupted during a RUN step
     */
    public AssembledImage assemble(Dockerfile dockerfile, Path context, Path rootfs) throws InterruptedException {
        if (!Files.isDirectory(context)) {
            throw new IllegalArgumentException("the build context " + context + " is not a directory");
        }
        try {
            if (!Trees.isEmpty(rootfs)) {
                throw new IllegalArgumentException(
                        "the rootfs directory " + rootfs + " is not empty: give the build a new or empty directory");
            }
            Files.createDirectories(rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the rootfs directory " + rootfs + ": " + e.getMessage(), e);
        }
        Build build = new Build(
                dockerfile.escape(), buildArgs, SourceTree.context(context, DockerIgnore.load(context)), runner, cache);
        build.notes.addAll(dockerfile.notes());
        dockerfile
                .syntax()
                .ifPresent(syntax -> build.notes.add("# syntax=" + syntax
                        + " recorded only: the emulator reads the Dockerfile with its own parser"));
        List<StagePlan> plans = StagePlan.plan(dockerfile, build, platformArgs());
        Path stagesDirectory = rootfs.resolveSibling(rootfs.getFileName() + ".stages");
        try {
            for (StagePlan plan : plans) {
                build.stages.add(plan.needed ? buildStage(plan, plans, build, rootfs, stagesDirectory) : null);
                if (!plan.needed) {
                    build.note(
                            plan.from.line(),
                            "stage " + plan.describe() + " skipped: the final stage does not use it, as BuildKit does");
                }
            }
        } finally {
            build.steps.release();
            try {
                Trees.delete(stagesDirectory);
            } catch (IOException e) {
                build.notes.add("could not delete " + stagesDirectory + ": " + e.getMessage());
            }
        }
        for (String name : buildArgs.keySet()) {
            if (!build.consumedArgs.contains(name)) {
                build.notes.add("build arg " + name + " was given but no ARG declares it: it was not used");
            }
        }
        Stage last = Objects.requireNonNull(build.stages.get(build.stages.size() - 1));
        List<String> command = last.command();
        if (command.isEmpty()) {
            build.notes.add("the image has no ENTRYPOINT or CMD, so nothing starts the app: add a CMD such as"
                    + " CMD [\"java\", \"-jar\", \"/app/app.jar\"]");
        }
        List<String> baseImages = new ArrayList<>();
        plans.forEach(plan -> baseImages.add(plan.image));
        return new AssembledImage(
                command,
                last.entrypoint,
                last.cmd,
                last.env,
                last.workdir,
                last.user,
                new ArrayList<>(last.ports),
                baseImages,
                last.labels,
                last.volumes,
                last.stopSignal,
                build.notes);
    }

    private Stage buildStage(StagePlan plan, List<StagePlan> plans, Build build, Path rootfs, Path stagesDirectory)
            throws InterruptedException {
        boolean last = plan.index == plans.size() - 1;
        Path root = last ? rootfs : stagesDirectory.resolve(String.valueOf(plan.index));
        Stage parent = plan.parent == null ? null : build.stages.get(plan.parent);
        try {
            Files.createDirectories(root);
            if (parent != null) {
                Trees.copy(parent.root, root);
            }
        } catch (IOException e) {
            throw new DockerfileException(
                    plan.from.line(), "cannot prepare the tree of " + plan.describe() + ": " + e.getMessage(), e);
        }
        plan.from
                .flag("platform")
                .ifPresent(value -> build.note(
                        plan.from.line(),
                        "FROM --platform="
                                + build.expand(value, build.metaArgs, plan.from.line())
                                + " ignored: every step runs on the host's"
                                + " platform (" + platform + ")"));
        if (parent == null) {
            build.note(
                    plan.from.line(),
                    plan.image.equals("scratch")
                            ? "FROM scratch: the image starts empty"
                            : "FROM " + plan.image
                                    + ": the host stands in for the base image; the image's tree holds only"
                                    + " what this Dockerfile adds");
        }
        Stage stage = new Stage(plan.index, plan.name, plan.image, root, parent, baseEnvironment);
        stage.cacheKey = parent != null ? parent.cacheKey : build.steps.start(plan.image, platform);
        StageEvaluator evaluator = new StageEvaluator(build, stage);
        for (Instruction instruction : plan.body) {
            evaluator.evaluate(instruction);
        }
        build.steps.materialize(stage, plan.from.line());
        return stage;
    }

    /** The automatic platform ARGs of BuildKit, for FROM and for stages that declare them. */
    private Map<String, String> platformArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        String[] parts = platform.split("/", -1);
        for (String prefix : List.of("TARGET", "BUILD")) {
            args.put(prefix + "PLATFORM", platform);
            args.put(prefix + "OS", parts[0]);
            args.put(prefix + "ARCH", parts.length > 1 ? parts[1] : "");
            args.put(prefix + "VARIANT", parts.length > 2 ? parts[2] : "");
        }
        return args;
    }

    /** Configures an {@link ImageAssembler}. */
    public static final class Builder {

        private StepRunner runner = step -> {
            throw new IllegalStateException(
                    "no StepRunner configured for RUN steps: use ImageAssembler.builder().stepRunner(...)");
        };
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private final Map<String, String> baseEnvironment = new LinkedHashMap<>(Map.of("PATH", DEFAULT_PATH));
        private String platform = hostPlatform();
        private StepCache cache = StepCache.NONE;

        private Builder() {}

        /**
         * Sets where finished steps are kept, so that a later build reuses the steps whose inputs did not
         * change (as Docker's layer cache does) instead of running them again; {@link StepCache#NONE}, which
         * keeps nothing, by default. A step's key covers the tree before it, the instruction, the ARG and ENV
         * values, WORKDIR, USER and SHELL, and the content and modes of the files a COPY or ADD reads.
         *
         * @param cache the cache, such as a {@link DirectoryStepCache}
         * @return this builder
         */
        public Builder stepCache(StepCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache == null");
            return this;
        }

        /**
         * Sets what runs the RUN steps.
         *
         * @param runner the sandbox executor
         * @return this builder
         */
        public Builder stepRunner(StepRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner == null");
            return this;
        }

        /**
         * Passes a build arg, as {@code docker build --build-arg name=value}; it overrides an ARG's default.
         *
         * @param name the ARG's name
         * @param value its value
         * @return this builder
         */
        public Builder buildArg(String name, String value) {
            buildArgs.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
            return this;
        }

        /**
         * Passes several build args.
         *
         * @param args names and values
         * @return this builder
         */
        public Builder buildArgs(Map<String, String> args) {
            args.forEach(this::buildArg);
            return this;
        }

        /**
         * Sets the environment the base image would give, which ENV adds to; {@code PATH=}{@link #DEFAULT_PATH}
         * by default, so that {@code ENV PATH=/opt/bin:$PATH} works as on Amazon Linux.
         *
         * @param environment the variables, in order
         * @return this builder
         */
        public Builder baseEnvironment(Map<String, String> environment) {
            baseEnvironment.clear();
            baseEnvironment.putAll(environment);
            return this;
        }

        /**
         * Sets the platform of the automatic ARGs (TARGETPLATFORM, TARGETARCH, ...); the host's by default.
         *
         * @param platform such as {@code linux/amd64} or {@code linux/arm64}
         * @return this builder
         */
        public Builder platform(String platform) {
            if (!platform.matches("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?")) {
                throw new IllegalArgumentException(
                        "invalid platform " + platform + ": write os/arch, such as linux/arm64");
            }
            this.platform = platform;
            return this;
        }

        /**
         * Creates the assembler.
         *
         * @return the assembler
         */
        public ImageAssembler build() {
            return new ImageAssembler(this);
        }

        private static String hostPlatform() {
            String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
            if (arch.equals("x86_64") || arch.equals("amd64")) {
                return "linux/amd64";
            }
            if (arch.equals("aarch64") || arch.equals("arm64")) {
                return "linux/arm64";
            }
            return "linux/" + arch.replaceAll("[^a-z0-9_]", "");
        }
    }
}
