package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the instructions of one stage in order, changing its state and tree. Variables are
 * substituted where Docker substitutes them, with the values in scope before the instruction (so
 * {@code ENV a=1 b=$a} sees the old {@code a}, as in Docker).
 */
final class StageEvaluator {

    private final Build build;
    private final Stage stage;

    StageEvaluator(Build build, Stage stage) {
        this.build = build;
        this.stage = stage;
    }

    void evaluate(Instruction instruction) throws InterruptedException {
        int line = instruction.line();
        switch (instruction.keyword()) {
            case ARG:
                arg(instruction);
                break;
            case ENV:
                stage.env.putAll(pairs(instruction));
                break;
            case LABEL:
                stage.labels.putAll(pairs(instruction));
                break;
            case WORKDIR:
                workdir(instruction);
                break;
            case USER:
                stage.user =
                        required(instruction, expand(instruction.arguments().get(0), line));
                break;
            case STOPSIGNAL:
                stage.stopSignal =
                        required(instruction, expand(instruction.arguments().get(0), line));
                break;
            case EXPOSE:
                for (String word : instruction.arguments()) {
                    stage.ports.addAll(Ports.parse(expand(word, line), line));
                }
                break;
            case VOLUME:
                for (String word : instruction.arguments()) {
                    stage.volumes.add(required(instruction, expand(word, line)));
                }
                build.note(line, "VOLUME recorded; the emulator keeps these paths in the MicroVM's own tree");
                break;
            case SHELL:
                stage.shell = instruction.arguments();
                break;
            case CMD:
                if (stage.cmdSet) {
                    build.note(line, "a second CMD in the stage: only the last one takes effect");
                }
                stage.cmd = command(instruction);
                stage.cmdSet = true;
                break;
            case ENTRYPOINT:
                stage.entrypoint = command(instruction);
                stage.entrypointShellForm = !instruction.jsonForm();
                if (!stage.cmdSet) {
                    stage.cmd = List.of();
                }
                break;
            case HEALTHCHECK:
                build.note(line, "HEALTHCHECK ignored: a MicroVM reports readiness through its ready hook");
                break;
            case ONBUILD:
                build.note(
                        line,
                        "ONBUILD " + instruction.arguments().get(0)
                                + " recorded only: it runs when another build starts FROM this image");
                break;
            case MAINTAINER:
                build.note(line, "MAINTAINER is deprecated: use LABEL maintainer=\"...\"");
                break;
            case COPY:
            case ADD:
                CopyInstruction copy = new CopyInstruction(build, stage, instruction);
                build.steps.step(stage, instruction, copy::addInputs, copy::run);
                break;
            case RUN:
                RunInstruction run = new RunInstruction(build, stage, instruction);
                if (run.changesTree()) {
                    build.steps.step(stage, instruction, CachedSteps.NO_INPUTS, run::run);
                } else {
                    run.run(); // only notes that the package manager's steps are skipped
                }
                break;
            case FROM:
                throw new IllegalStateException("FROM starts a stage and is handled by the assembler");
        }
    }

    private void arg(Instruction instruction) {
        int line = instruction.line();
        Function<String, @Nullable String> scope = stage::lookup;
        Map<String, String> values = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        for (NameValue pair : instruction.pairs()) {
            String name = expand(pair.name(), line);
            build.consumedArgs.add(name);
            String raw = pair.value();
            if (build.buildArgs.containsKey(name)) {
                values.put(name, build.buildArgs.get(name));
            } else if (raw != null) {
                values.put(name, build.expand(raw, scope, line));
            } else if (build.metaArgs.containsKey(name)) {
                values.put(name, build.metaArgs.get(name));
            } else {
                unset.add(name);
            }
        }
        stage.args.putAll(values);
        unset.forEach(stage.args::remove);
    }

    private Map<String, String> pairs(Instruction instruction) {
        int line = instruction.line();
        Function<String, @Nullable String> scope = stage::lookup;
        Map<String, String> values = new LinkedHashMap<>();
        for (NameValue pair : instruction.pairs()) {
            String name = build.expand(pair.name(), scope, line);
            if (name.isEmpty()) {
                throw new DockerfileException(
                        line,
                        instruction.keyword() + " has an empty name in " + pair.name()
                                + "=...: give the variable a name");
            }
            String raw = pair.value();
            values.put(name, raw == null ? "" : build.expand(raw, scope, line));
        }
        return values;
    }

    private void workdir(Instruction instruction) throws InterruptedException {
        String path = required(instruction, expand(instruction.arguments().get(0), instruction.line()));
        stage.workdir = TreePaths.join(stage.workdir, path);
        build.steps.step(stage, instruction, CachedSteps.NO_INPUTS, () -> createWorkdir(instruction));
    }

    private void createWorkdir(Instruction instruction) {
        try {
            Files.createDirectories(TreePaths.resolve(stage.root, stage.workdir));
        } catch (IOException e) {
            throw new DockerfileException(
                    instruction.line(), "cannot create WORKDIR " + stage.workdir + ": " + e.getMessage(), e);
        }
    }

    /** CMD and ENTRYPOINT: the exec form as written, the shell form wrapped in the stage's shell. */
    private List<String> command(Instruction instruction) {
        if (instruction.jsonForm()) {
            return instruction.arguments();
        }
        List<String> command = new ArrayList<>(stage.shell);
        command.add(instruction.arguments().get(0));
        return command;
    }

    private String expand(String word, int line) {
        return build.expand(word, stage::lookup, line);
    }

    private static String required(Instruction instruction, String value) {
        if (value.isBlank()) {
            throw new DockerfileException(
                    instruction.line(),
                    instruction.keyword() + " is empty after variable" + " substitution: " + instruction.text()
                            + "; set the variable it uses (ARG or ENV)");
        }
        return value;
    }
}
