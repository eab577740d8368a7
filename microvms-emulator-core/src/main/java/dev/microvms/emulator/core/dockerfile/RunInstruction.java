package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Evaluates RUN: skips the base image's package-manager operations with a note, and hands the rest to the
 * {@link StepRunner}, with the ARG and ENV values in scope as its environment; a non-zero exit stops the
 * build.
 */
final class RunInstruction {

    private static final String PACKAGE_MANAGER =
            "the base image's package manager does not run here; the host's packages stand in for it";

    private final Build build;
    private final Stage stage;
    private final Instruction instruction;
    private final int line;

    RunInstruction(Build build, Stage stage, Instruction instruction) {
        this.build = build;
        this.stage = stage;
        this.instruction = instruction;
        this.line = instruction.line();
    }

    /**
     * Whether the step runs anything: a step that only calls the base image's package manager is skipped
     * with a note and leaves the tree as it was, so the build cache passes over it.
     */
    boolean changesTree() {
        if (instruction.jsonForm()) {
            List<String> argv = instruction.arguments();
            if (argv.isEmpty()) {
                return true; // it fails when it runs, with the message for it
            }
            if (PackageManagerSteps.isPackageManager(argv)) {
                return false;
            }
            return !PackageManagerSteps.isShellScript(argv)
                    || PackageManagerSteps.plan(argv.get(2)).run() != null;
        }
        return PackageManagerSteps.plan(instruction.arguments().get(0)).run() != null;
    }

    void run() throws InterruptedException {
        for (Flag flag : instruction.flags()) {
            build.note(
                    line,
                    "RUN " + flag + " ignored: the emulator runs the step without extra mounts,"
                            + " network or security options");
        }
        List<String> shell = stage.shell;
        String command;
        if (instruction.jsonForm()) {
            List<String> argv = instruction.arguments();
            if (argv.isEmpty()) {
                throw new DockerfileException(line, "RUN [] has no command: write RUN [\"executable\", \"arg\"]");
            }
            if (PackageManagerSteps.isPackageManager(argv)) {
                build.note(line, "skipped `" + String.join(" ", argv) + "`: " + PACKAGE_MANAGER);
                return;
            }
            if (!PackageManagerSteps.isShellScript(argv)) {
                execute(argv, String.join(" ", argv));
                return;
            }
            // ["/bin/sh", "-c", "dnf install -y x && ..."] is a shell form written as JSON: plan its script.
            shell = argv.subList(0, 2);
            command = argv.get(2);
        } else {
            command = instruction.arguments().get(0);
        }
        PackageManagerSteps.Plan plan = PackageManagerSteps.plan(command);
        String run = plan.run();
        if (run == null) {
            build.note(
                    line,
                    "skipped `" + command.strip() + "`: " + PACKAGE_MANAGER
                            + (plan.unsplittable() != null
                                    ? " (it starts with the package manager and uses " + plan.unsplittable()
                                            + ", which the emulator does not split, so all of it was skipped)"
                                    : ""));
            return;
        }
        if (!plan.skipped().isEmpty()) {
            build.note(
                    line,
                    "skipped "
                            + plan.skipped().stream().map(s -> "`" + s + "`").collect(Collectors.joining(" and "))
                            + ": " + PACKAGE_MANAGER + "; ran `" + run + "`");
        } else if (plan.unsplittable() != null && PackageManagerSteps.mentionsPackageManager(command)) {
            build.note(
                    line,
                    "ran `" + command.strip() + "` as written: it uses " + plan.unsplittable()
                            + ", which the emulator does not split, so its package-manager commands run on the host too;"
                            + " if the step fails, move them into a RUN line of their own");
        }
        List<String> argv = new ArrayList<>(shell);
        argv.add(run);
        execute(argv, run);
    }

    private void execute(List<String> argv, String shown) throws InterruptedException {
        try {
            Files.createDirectories(TreePaths.resolve(stage.root, stage.workdir));
        } catch (IOException e) {
            throw new DockerfileException(
                    line, "cannot create the working directory " + stage.workdir + ": " + e.getMessage(), e);
        }
        RunStep step = new RunStep(line, argv, stage.scope(), stage.workdir, stage.user, stage.root);
        StepResult result;
        try {
            result = build.runner.run(step);
        } catch (DockerfileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DockerfileException(line, "RUN `" + shown + "` could not be started: " + e.getMessage(), e);
        }
        if (result.exitCode() != 0) {
            String tail = result.outputTail().strip();
            throw new DockerfileException(
                    line,
                    "RUN `" + shown + "` failed with exit code " + result.exitCode()
                            + (tail.isEmpty() ? "" : "; its output ended with:\n" + tail + "\n")
                            + (tail.isEmpty() ? "; " : "")
                            + "fix the command (try it in a shell on this machine), or remove the step");
        }
    }
}
