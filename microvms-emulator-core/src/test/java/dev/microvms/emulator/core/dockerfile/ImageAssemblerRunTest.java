package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageAssemblerRunTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                // ENTRYPOINT line | CMD line | command, words separated by ;
                "- | CMD [\"java\", \"-jar\", \"app.jar\"] | java;-jar;app.jar",
                "- | CMD java -jar app.jar | /bin/sh;-c;java -jar app.jar",
                "ENTRYPOINT [\"java\"] | CMD [\"-jar\", \"app.jar\"] | java;-jar;app.jar",
                "ENTRYPOINT [\"java\"] | CMD -jar app.jar | java;/bin/sh;-c;-jar app.jar",
                "ENTRYPOINT [\"java\", \"-jar\", \"app.jar\"] | - | java;-jar;app.jar",
                "ENTRYPOINT exec java -jar app.jar | CMD [\"--ignored\"] | /bin/sh;-c;exec java -jar app.jar",
                "ENTRYPOINT exec java -jar app.jar | - | /bin/sh;-c;exec java -jar app.jar",
                "- | - | -",
                "- | CMD [] | -",
            })
    void assemble_entrypointAndCmd_combineAsDocker(String entrypoint, String cmd, String command) throws Exception {
        StringBuilder dockerfile = new StringBuilder("FROM x\n");
        if (!entrypoint.equals("-")) {
            dockerfile.append(entrypoint).append('\n');
        }
        if (!cmd.equals("-")) {
            dockerfile.append(cmd).append('\n');
        }

        AssembledImage image = new BuildFixture(directory).build(dockerfile.toString());

        assertThat(image.command()).isEqualTo(command.equals("-") ? List.of() : Arrays.asList(command.split(";", -1)));
        if (command.equals("-")) {
            assertThat(image.notes()).anyMatch(note -> note.contains("no ENTRYPOINT or CMD"));
        }
    }

    @Test
    void assemble_entrypointAfterCmdInTheStage_keepsTheCmd() throws Exception {
        AssembledImage image = new BuildFixture(directory).build("FROM x\nCMD [\"a\"]\nENTRYPOINT [\"run\"]\n");

        assertThat(image.command()).containsExactly("run", "a");
    }

    @Test
    void assemble_shellInstruction_wrapsLaterShellForms() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        AssembledImage image = fixture.build(
                "FROM x\nRUN echo one\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN echo two | cat\nCMD run\n");

        assertThat(fixture.runner.argvs())
                .containsExactly(
                        List.of("/bin/sh", "-c", "echo one"),
                        List.of("/bin/bash", "-eo", "pipefail", "-c", "echo two | cat"));
        assertThat(image.command()).containsExactly("/bin/bash", "-eo", "pipefail", "-c", "run");
    }

    @Test
    void assemble_runStep_getsTheScopeWorkdirUserAndRoot() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        fixture.build(
                "FROM x\nARG VERSION=1.0\nARG UNSET\nENV HOME=/home/app NAME=$VERSION\nARG HOME=/ignored\n"
                        + "WORKDIR /app\nUSER app\nRUN [\"make\", \"$VERSION\"]\n",
                Map.of());

        RunStep step = fixture.runner.steps.get(0);
        assertThat(step.line()).isEqualTo(8);
        assertThat(step.argv()).containsExactly("make", "$VERSION");
        assertThat(step.environment())
                .containsEntry("VERSION", "1.0")
                .containsEntry("NAME", "1.0")
                .containsEntry("HOME", "/home/app")
                .containsEntry("PATH", ImageAssembler.DEFAULT_PATH)
                .doesNotContainKey("UNSET");
        assertThat(step.workingDirectory()).isEqualTo("/app");
        assertThat(step.user()).isEqualTo("app");
        assertThat(step.root()).isEqualTo(fixture.rootfs);
    }

    @Test
    void assemble_argsAndEnv_followDockerScoping() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        AssembledImage image = fixture.build(
                String.join(
                        "\n",
                        "ARG BASE=alpine",
                        "ARG TAG=3.19",
                        "FROM $BASE:${TAG}",
                        "ENV BEFORE=\"[$TAG]\"",
                        "ARG TAG",
                        "ARG MODE=dev",
                        "ENV AFTER=$TAG-$MODE A=1",
                        "ENV A=2 B=$A",
                        "ENV PATH=/opt/java/bin:$PATH",
                        "ENV LEGACY value with  spaces",
                        "LABEL org.opencontainers.image.version=$TAG \"quoted key\"=\"v 1\"",
                        "EXPOSE ${PORT:-8080} 9000/udp",
                        "USER ${USER_NAME:-app}",
                        "VOLUME /data",
                        "STOPSIGNAL SIGINT",
                        ""),
                Map.of("MODE", "prod", "UNUSED", "x"));

        assertThat(image.baseImages()).containsExactly("alpine:3.19");
        assertThat(image.environment())
                .containsEntry("BEFORE", "[]")
                .containsEntry("AFTER", "3.19-prod")
                .containsEntry("A", "2")
                .containsEntry("B", "1")
                .containsEntry("PATH", "/opt/java/bin:" + ImageAssembler.DEFAULT_PATH)
                .containsEntry("LEGACY", "value with  spaces")
                .doesNotContainKeys("TAG", "MODE");
        assertThat(image.labels())
                .containsEntry("org.opencontainers.image.version", "3.19")
                .containsEntry("quoted key", "v 1");
        assertThat(image.exposedPorts()).containsExactly(new ExposedPort(8080, "tcp"), new ExposedPort(9000, "udp"));
        assertThat(image.user()).isEqualTo("app");
        assertThat(image.volumes()).containsExactly("/data");
        assertThat(image.stopSignal()).isEqualTo("SIGINT");
        assertThat(image.notes()).contains("build arg UNUSED was given but no ARG declares it: it was not used");
    }

    @Test
    void assemble_platformArgs_areAvailableInFromAndWhenDeclared() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        AssembledImage image = fixture.build(
                "FROM --platform=$BUILDPLATFORM base-$TARGETARCH\nARG TARGETARCH\nENV ARCH=$TARGETARCH\n");

        assertThat(image.baseImages()).containsExactly("base-amd64");
        assertThat(image.environment()).containsEntry("ARCH", "amd64");
        assertThat(image.notes()).anyMatch(note -> note.startsWith("line 1: FROM --platform=linux/amd64 ignored"));
    }

    @Test
    void assemble_emptyFromAfterSubstitution_saysWhichArgToSet() {
        assertThatThrownBy(() -> new BuildFixture(directory).build("ARG BASE\nFROM $BASE\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("FROM $BASE is empty after substitution");
    }

    @Test
    void assemble_compoundPackageManagerCommand_runsTheRest() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        AssembledImage image = fixture.build("FROM x\nRUN dnf install -y x && mkdir -p /app/data\n");

        assertThat(fixture.runner.argvs()).containsExactly(List.of("/bin/sh", "-c", "mkdir -p /app/data"));
        assertThat(image.notes())
                .contains("line 2: skipped `dnf install -y x`: the base image's package manager does not run here;"
                        + " the host's packages stand in for it; ran `mkdir -p /app/data`");
    }

    @Test
    void assemble_execFormShellScript_isPlannedLikeTheShellForm() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        fixture.build("FROM x\nRUN [\"/bin/bash\", \"-c\", \"apk add curl && touch /ok\"]\n");

        assertThat(fixture.runner.argvs()).containsExactly(List.of("/bin/bash", "-c", "touch /ok"));
    }

    @Test
    void assemble_unsplittableCommands_areSkippedOrRunWholeWithANote() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        AssembledImage image = fixture.build("FROM x\nRUN apt-get update | tee log\n"
                + "RUN if [ -x /usr/bin/dnf ]; then dnf install -y x; fi\nRUN [\"microdnf\", \"install\", \"y\"]\n");

        assertThat(fixture.runner.argvs())
                .containsExactly(List.of("/bin/sh", "-c", "if [ -x /usr/bin/dnf ]; then dnf install -y x; fi"));
        assertThat(image.notes())
                .anyMatch(note ->
                        note.startsWith("line 2: skipped `apt-get update | tee log`") && note.contains("uses a pipe"))
                .anyMatch(note -> note.startsWith("line 3: ran `if [ -x /usr/bin/dnf ]; then dnf install -y x; fi` as"
                        + " written: it uses 'if'"))
                .anyMatch(note -> note.startsWith("line 4: skipped `microdnf install y`"));
    }

    @Test
    void assemble_failingRunStep_stopsTheBuildNamingLineAndExitCode() {
        BuildFixture fixture =
                new BuildFixture(directory, step -> new StepResult(2, "make: *** No rule to make target\n"));

        assertThatThrownBy(() -> fixture.build("FROM x\nWORKDIR /src\nRUN make all\nRUN echo never\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("line 3: RUN `make all` failed with exit code 2")
                .hasMessageContaining("make: *** No rule to make target");
        assertThat(fixture.runner.steps).hasSize(1);
    }

    @Test
    void assemble_runnerThatCannotStart_failsNamingTheLine() {
        BuildFixture fixture = new BuildFixture(directory, step -> {
            throw new IOException("no sandbox");
        });

        assertThatThrownBy(() -> fixture.build("FROM x\nRUN true\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessage("line 2: RUN `true` could not be started: no sandbox");
    }

    @Test
    void assemble_runFlagsAndIgnoredInstructions_areNoted() throws Exception {
        AssembledImage image = new BuildFixture(directory)
                .build("FROM x\nRUN --mount=type=cache,target=/root/.m2 true\n"
                        + "HEALTHCHECK CMD curl -f http://localhost/\nONBUILD RUN make\nMAINTAINER me\n");

        assertThat(image.notes())
                .anyMatch(note -> note.startsWith("line 2: RUN --mount=type=cache,target=/root/.m2 ignored"))
                .anyMatch(note -> note.startsWith("line 3: HEALTHCHECK ignored"))
                .anyMatch(note -> note.startsWith("line 4: ONBUILD RUN make recorded only"))
                .anyMatch(note -> note.startsWith("line 5: MAINTAINER is deprecated"));
    }

    @Test
    void assemble_substitutionSyntaxError_failsNamingTheLine() {
        assertThatThrownBy(() -> new BuildFixture(directory).build("FROM x\nENV A=1\nWORKDIR ${A\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("missing '}'");
    }

    /** A runner that really runs the step on the host, in the tree, with the step's environment only. */
    @Test
    void assemble_realProcesses_seeTheEnvironmentAndWorkdir() throws Exception {
        BuildFixture fixture = new BuildFixture(directory, step -> {
            Path workdir = TreePaths.resolve(step.root(), step.workingDirectory());
            ProcessBuilder builder =
                    new ProcessBuilder(step.argv()).directory(workdir.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(step.environment());
            Process process = builder.start();
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new StepResult(124, "timed out");
                }
                return new StepResult(process.exitValue(), output);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });

        fixture.build("FROM x\nARG VERSION=2.1\nENV GREETING=\"hello world\"\nWORKDIR /app\n"
                + "RUN yum install -y curl && mkdir -p data && echo \"$GREETING $VERSION\" > data/out.txt\n");

        assertThat(fixture.read("/app/data/out.txt")).isEqualTo("hello world 2.1\n");
        assertThat(Files.isDirectory(fixture.image("/app/data"))).isTrue();
    }
}
