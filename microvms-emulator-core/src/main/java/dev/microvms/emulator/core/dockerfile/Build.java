package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What the evaluation of one Dockerfile shares between its stages. */
final class Build {

    final char escape;
    final Map<String, String> buildArgs;
    /** The ARGs declared before the first FROM, with their values, and the automatic platform ARGs. */
    final Map<String, String> metaArgs = new LinkedHashMap<>();

    final Set<String> consumedArgs = new HashSet<>();
    final List<String> notes = new ArrayList<>();
    final SourceTree context;
    final StepRunner runner;
    final StepCache cache;
    final CachedSteps steps;
    /** The stages built so far, by index; null for a stage that was not needed. */
    final List<@Nullable Stage> stages = new ArrayList<>();

    Build(char escape, Map<String, String> buildArgs, SourceTree context, StepRunner runner, StepCache cache) {
        this.escape = escape;
        this.buildArgs = buildArgs;
        this.context = context;
        this.runner = runner;
        this.cache = cache;
        this.steps = new CachedSteps(this);
    }

    void note(int line, String text) {
        notes.add("line " + line + ": " + text);
    }

    /** Substitutes variables in a word; a syntax error becomes an error of the line. */
    String expand(String word, Map<String, String> scope, int line) {
        return expand(word, scope::get, line);
    }

    /** Substitutes variables in a word, looking them up as they are met. */
    String expand(String word, Function<String, @Nullable String> scope, int line) {
        try {
            return new Substitution(scope, escape).apply(word);
        } catch (IllegalArgumentException e) {
            throw new DockerfileException(line, e.getMessage(), e);
        }
    }

    /** Finds the stage a {@code COPY --from} names: an index or a name of an earlier stage. */
    Stage stage(String from, int line, Stage current) {
        Stage found = null;
        if (from.matches("\\d+")) {
            int index = Integer.parseInt(from);
            if (index >= current.index) {
                throw new DockerfileException(
                        line,
                        "COPY --from=" + from + " refers to stage " + index
                                + ", which does not come before this one (stage " + current.index
                                + "): copy from an earlier stage");
            }
            found = stages.get(index);
        } else {
            String name = from.toLowerCase(Locale.ROOT);
            for (Stage stage : stages) {
                if (stage != null && name.equals(stage.name)) {
                    found = stage;
                }
            }
            if (found == null && name.equals(current.name)) {
                throw new DockerfileException(
                        line, "COPY --from=" + from + " refers to its own stage: copy from an" + " earlier stage");
            }
            if (found == null) {
                throw new DockerfileException(
                        line,
                        "COPY --from=" + from + " names no earlier stage, so Docker would"
                                + " pull it as an image, which the emulator cannot do (it has no registry access): add a"
                                + " stage 'FROM " + from
                                + " AS <name>' that produces the files, or put them in the build"
                                + " context");
            }
        }
        if (found == null) {
            throw new IllegalStateException("stage " + from + " was needed but not built");
        }
        return found;
    }
}
