package dev.microvms.emulator.core.dockerfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The state of one build stage while its instructions are evaluated: its tree and its image config. */
final class Stage {

    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    final int index;
    final @Nullable String name;
    final String base;
    final Path root;
    /** The stage this one is built FROM, or null for an image (which the host stands in for). */
    final @Nullable Stage parent;

    final Map<String, String> env = new LinkedHashMap<>();
    /** The ARGs declared in this stage that have a value; ENV wins over them. */
    final Map<String, String> args = new LinkedHashMap<>();

    final Map<String, String> labels = new LinkedHashMap<>();
    final Set<ExposedPort> ports = new LinkedHashSet<>();
    final List<String> volumes = new ArrayList<>();
    String workdir = "/";
    /** The build cache's key of the tree as the instructions evaluated so far leave it; empty without a cache. */
    String cacheKey = "";
    /** A cached step whose tree is not yet in {@link #root}: restored before the next step runs. */
    StepCache.@Nullable Hit pending;

    @Nullable
    String user;

    @Nullable
    String stopSignal;

    List<String> shell = DEFAULT_SHELL;
    List<String> entrypoint = List.of();
    boolean entrypointShellForm;
    List<String> cmd = List.of();
    /** Whether CMD was set in this stage: an ENTRYPOINT then keeps it, but drops an inherited one. */
    boolean cmdSet;

    Stage(
            int index,
            @Nullable String name,
            String base,
            Path root,
            @Nullable Stage parent,
            Map<String, String> baseEnv) {
        this.index = index;
        this.name = name;
        this.base = base;
        this.root = root;
        this.parent = parent;
        if (parent == null) {
            env.putAll(baseEnv);
            return;
        }
        env.putAll(parent.env);
        labels.putAll(parent.labels);
        ports.addAll(parent.ports);
        volumes.addAll(parent.volumes);
        workdir = parent.workdir;
        user = parent.user;
        stopSignal = parent.stopSignal;
        shell = parent.shell;
        entrypoint = parent.entrypoint;
        entrypointShellForm = parent.entrypointShellForm;
        cmd = parent.cmd;
    }

    /** Looks a variable up for substitution: ENV, then the ARGs in scope; null when unset. */
    @Nullable
    String lookup(String name) {
        String value = env.get(name);
        return value != null ? value : args.get(name);
    }

    /** The variables for RUN: the ARGs in scope, overridden by ENV. */
    Map<String, String> scope() {
        Map<String, String> scope = new LinkedHashMap<>(args);
        scope.putAll(env);
        return scope;
    }

    /** ENTRYPOINT and CMD combined as Docker does. */
    List<String> command() {
        if (entrypoint.isEmpty()) {
            return cmd;
        }
        if (entrypointShellForm) {
            // A shell-form ENTRYPOINT ignores CMD, as Docker's table of combinations says.
            return entrypoint;
        }
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        return command;
    }

    String describe() {
        return name != null ? "stage '" + name + "'" : "stage " + index;
    }
}
