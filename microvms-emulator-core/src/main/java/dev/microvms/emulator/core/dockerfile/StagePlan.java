package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One stage of a Dockerfile before it is built: its FROM (substituted with the ARGs declared before the
 * first FROM), its instructions, and whether the final stage needs it.
 */
final class StagePlan {

    final int index;
    final Instruction from;
    final String image;
    final @Nullable String name;
    /** The index of the earlier stage this one is built FROM, or null for an image. */
    final @Nullable Integer parent;

    final List<Instruction> body = new ArrayList<>();
    boolean needed;

    private StagePlan(int index, Instruction from, String image, @Nullable String name, @Nullable Integer parent) {
        this.index = index;
        this.from = from;
        this.image = image;
        this.name = name;
        this.parent = parent;
    }

    String describe() {
        return name != null ? "'" + name + "'" : String.valueOf(index);
    }

    /** Evaluates the ARGs before the first FROM into the build's meta args, and splits the stages. */
    static List<StagePlan> plan(Dockerfile dockerfile, Build build, Map<String, String> platformArgs) {
        build.metaArgs.putAll(platformArgs);
        List<StagePlan> plans = new ArrayList<>();
        for (Instruction instruction : dockerfile.instructions()) {
            if (instruction.keyword() == Keyword.FROM) {
                plans.add(stage(plans, instruction, build));
            } else if (plans.isEmpty()) {
                metaArg(instruction, build);
            } else {
                plans.get(plans.size() - 1).body.add(instruction);
            }
        }
        markNeeded(plans);
        return plans;
    }

    private static void metaArg(Instruction arg, Build build) {
        Map<String, String> scope = Map.copyOf(build.metaArgs);
        for (NameValue pair : arg.pairs()) {
            String name = build.expand(pair.name(), scope, arg.line());
            build.consumedArgs.add(name);
            String raw = pair.value();
            if (build.buildArgs.containsKey(name)) {
                build.metaArgs.put(name, build.buildArgs.get(name));
            } else if (raw != null) {
                build.metaArgs.put(name, build.expand(raw, scope, arg.line()));
            }
        }
    }

    private static StagePlan stage(List<StagePlan> plans, Instruction from, Build build) {
        List<String> words = from.arguments();
        String image = build.expand(words.get(0), build.metaArgs, from.line());
        if (image.isBlank()) {
            throw new DockerfileException(
                    from.line(),
                    "FROM " + words.get(0) + " is empty after substitution: declare"
                            + " the ARG before the first FROM with a default, or pass it as a build arg");
        }
        String name = words.size() == 3 ? words.get(2).toLowerCase(Locale.ROOT) : null;
        Integer parent = find(plans, image.toLowerCase(Locale.ROOT), plans.size());
        return new StagePlan(plans.size(), from, image, name, parent);
    }

    /** The earlier stage with this name, or, for a number, this index. */
    private static @Nullable Integer find(List<StagePlan> plans, String reference, int before) {
        for (int i = 0; i < before && i < plans.size(); i++) {
            if (reference.equals(plans.get(i).name)) {
                return i;
            }
        }
        return null;
    }

    /** Marks the stages the final stage needs, through FROM and COPY --from, as BuildKit builds only those. */
    private static void markNeeded(List<StagePlan> plans) {
        Deque<Integer> pending = new ArrayDeque<>(List.of(plans.size() - 1));
        Set<Integer> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            int index = pending.pop();
            if (!seen.add(index)) {
                continue;
            }
            StagePlan plan = plans.get(index);
            plan.needed = true;
            if (plan.parent != null) {
                pending.push(plan.parent);
            }
            for (Instruction instruction : plan.body) {
                String from = instruction.keyword() == Keyword.COPY
                        ? instruction.flag("from").orElse(null)
                        : null;
                if (from == null) {
                    continue;
                }
                if (from.contains("$")) {
                    // Which stage a substituted --from names is known only while building: keep every earlier one.
                    for (int i = 0; i < index; i++) {
                        pending.push(i);
                    }
                } else if (from.matches("\\d+")) {
                    int target = Integer.parseInt(from);
                    if (target < index) {
                        pending.push(target);
                    }
                } else {
                    Integer target = find(plans, from.toLowerCase(Locale.ROOT), index);
                    if (target != null) {
                        pending.push(target);
                    }
                }
            }
        }
    }
}
