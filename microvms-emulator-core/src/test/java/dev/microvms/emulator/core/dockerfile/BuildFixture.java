package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A build context on disk, a rootfs beside it, and a runner that records the RUN steps. */
final class BuildFixture {

    /** A fake runner: records each step and answers with a scripted result, or a custom action. */
    static final class RecordingRunner implements StepRunner {

        interface Action {
            StepResult run(RunStep step) throws IOException;
        }

        final List<RunStep> steps = new ArrayList<>();
        private final Action action;

        RecordingRunner(Action action) {
            this.action = action;
        }

        @Override
        public StepResult run(RunStep step) throws IOException {
            steps.add(step);
            return action.run(step);
        }

        List<List<String>> argvs() {
            return steps.stream().map(RunStep::argv).toList();
        }
    }

    final Path context;
    final Path rootfs;
    final RecordingRunner runner;

    BuildFixture(Path directory) {
        this(directory, step -> StepResult.success(""));
    }

    BuildFixture(Path directory, RecordingRunner.Action action) {
        this.context = directory.resolve("context");
        this.rootfs = directory.resolve("rootfs");
        this.runner = new RecordingRunner(action);
        try {
            Files.createDirectories(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BuildFixture file(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    AssembledImage build(String dockerfile) throws InterruptedException {
        return build(dockerfile, Map.of());
    }

    AssembledImage build(String dockerfile, Map<String, String> buildArgs) throws InterruptedException {
        return ImageAssembler.builder()
                .stepRunner(runner)
                .buildArgs(buildArgs)
                .platform("linux/amd64")
                .build()
                .assemble(Dockerfile.parse(dockerfile), context, rootfs);
    }

    /** The content of a file of the image, by its image path. */
    String read(String imagePath) throws IOException {
        return Files.readString(image(imagePath));
    }

    Path image(String imagePath) {
        return rootfs.resolve(imagePath.substring(1));
    }
}
