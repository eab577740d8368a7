package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the steps that change a stage's tree (WORKDIR, COPY, ADD, RUN) through the {@link StepCache}. A
 * step's key is the key of the tree before it (the previous step's, or the stage's start), the instruction
 * as parsed, the stage's state that a step can see (ARG and ENV values, WORKDIR, USER, SHELL) and what it
 * reads from outside the tree (a COPY's files); so a cached result stands for exactly what running the step
 * would give, and a change invalidates its step and every step after it, as in Docker.
 *
 * <p>Hits are restored lazily: a run of hits costs one restore, of the last of them, when a step misses or
 * the stage ends.
 */
final class CachedSteps {

    /** What a step reads besides the tree and the stage's state. */
    @FunctionalInterface
    interface Inputs {
        void addTo(StepKey key) throws IOException;
    }

    /** The step itself. */
    @FunctionalInterface
    interface Action {
        void run() throws InterruptedException;
    }

    /** For steps without inputs of their own. */
    static final Inputs NO_INPUTS = key -> {};

    private final Build build;
    private final List<StepCache.Hit> found = new ArrayList<>();

    CachedSteps(Build build) {
        this.build = build;
    }

    /** The key of a stage built FROM an image: the host stands in for it, so the tree starts empty. */
    String start(String image, String platform) {
        return build.cache == StepCache.NONE
                ? ""
                : StepKey.begin().add("FROM").add(image).add(platform).hex();
    }

    /** Runs a step, or takes its result from the cache. */
    void step(Stage stage, Instruction instruction, Inputs inputs, Action action) throws InterruptedException {
        if (build.cache == StepCache.NONE) {
            action.run();
            return;
        }
        int line = instruction.line();
        String key = key(stage, instruction, inputs);
        Optional<StepCache.Hit> hit = build.cache.find(key);
        if (hit.isPresent()) {
            found.add(hit.get());
            stage.pending = hit.get();
            stage.cacheKey = key;
            build.note(line, "CACHED " + instruction.text() + " (the build cache had this step's result)");
            build.notes.addAll(hit.get().notes());
            return;
        }
        materialize(stage, line);
        int before = build.notes.size();
        action.run();
        List<String> notes = List.copyOf(build.notes.subList(before, build.notes.size()));
        stage.cacheKey = key;
        try {
            build.cache.save(key, stage.root, notes);
        } catch (IOException e) {
            build.note(line, "the build cache could not keep this step's result: " + e.getMessage());
        }
    }

    /** Puts the tree of the last cached step in place, before a step runs or when the stage ends. */
    void materialize(Stage stage, int line) {
        StepCache.Hit hit = stage.pending;
        if (hit == null) {
            return;
        }
        stage.pending = null;
        try {
            clear(stage.root);
            build.cache.restore(hit, stage.root);
        } catch (IOException e) {
            throw new DockerfileException(
                    line,
                    "the build cache could not restore the tree of an earlier step: " + e.getMessage()
                            + "; its entry was dropped, so building again runs the step",
                    e);
        }
    }

    /** Lets the cache evict what this build found. */
    void release() {
        found.forEach(build.cache::release);
        found.clear();
    }

    private String key(Stage stage, Instruction instruction, Inputs inputs) {
        StepKey key = StepKey.begin()
                .add(stage.cacheKey)
                .add(instruction.keyword().name())
                .add(instruction.flags().stream().map(Flag::toString).toList())
                .add(instruction.arguments())
                .add(instruction.jsonForm() ? "json" : "shell")
                .add(String.valueOf(build.escape))
                .add(stage.scope())
                .add(stage.workdir)
                .add(stage.user)
                .add(stage.shell);
        try {
            inputs.addTo(key);
        } catch (IOException e) {
            throw new DockerfileException(
                    instruction.line(),
                    instruction.keyword() + " could not read its sources for the build cache: " + e.getMessage(),
                    e);
        }
        return key.hex();
    }

    private static void clear(Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.toList();
        }
        for (Path entry : entries) {
            Trees.delete(entry);
        }
    }
}
