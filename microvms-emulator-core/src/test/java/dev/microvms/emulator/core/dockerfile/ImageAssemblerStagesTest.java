package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageAssemblerStagesTest {

    @TempDir
    Path directory;

    /** A fake build tool: "package" writes target/app.jar under the step's working directory. */
    private BuildFixture fixture() {
        return new BuildFixture(directory, step -> {
            if (step.argv().get(step.argv().size() - 1).equals("mvn package")) {
                Path target = TreePaths.resolve(step.root(), step.workingDirectory() + "/target");
                Files.createDirectories(target);
                Files.writeString(
                        target.resolve("app.jar"),
                        "built from " + step.environment().get("SRC"));
            }
            return StepResult.success("");
        });
    }

    @Test
    void assemble_multiStage_copiesFromTheBuilderStage() throws Exception {
        BuildFixture fixture = fixture();
        fixture.file("pom.xml", "<project/>");

        AssembledImage image = fixture.build(String.join(
                "\n",
                "FROM maven:3-amazoncorretto-21 AS Build",
                "WORKDIR /src",
                "COPY pom.xml .",
                "ENV SRC=pom",
                "RUN mvn package",
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
                "COPY --from=build /src/target/*.jar /app/",
                "COPY --from=0 src/pom.xml /app/pom.xml",
                "CMD [\"java\", \"-jar\", \"/app/app.jar\"]",
                ""));

        assertThat(fixture.read("/app/app.jar")).isEqualTo("built from pom");
        assertThat(fixture.read("/app/pom.xml")).isEqualTo("<project/>");
        assertThat(fixture.image("/src")).doesNotExist();
        assertThat(image.environment()).doesNotContainKey("SRC");
        assertThat(image.workingDirectory()).isEqualTo("/");
        assertThat(image.baseImages())
                .containsExactly("maven:3-amazoncorretto-21", "public.ecr.aws/lambda/microvms:al2023-minimal");
        assertThat(fixture.runner.steps.get(0).root()).isEqualTo(directory.resolve("rootfs.stages/0"));
        assertThat(directory.resolve("rootfs.stages")).doesNotExist();
    }

    @Test
    void assemble_stageFromStage_inheritsTreeAndConfig() throws Exception {
        BuildFixture fixture = fixture().file("a.txt", "a");

        AssembledImage image = fixture.build("FROM x AS base\nCOPY a.txt /base/\nENV FROM_BASE=1\nWORKDIR /w\n"
                + "CMD [\"base\"]\nFROM base\nCOPY a.txt /final/\n");

        assertThat(fixture.read("/base/a.txt")).isEqualTo("a");
        assertThat(fixture.read("/final/a.txt")).isEqualTo("a");
        assertThat(image.environment()).containsEntry("FROM_BASE", "1");
        assertThat(image.workingDirectory()).isEqualTo("/w");
        assertThat(image.command()).containsExactly("base");
        assertThat(image.baseImages()).containsExactly("x", "base");
    }

    @Test
    void assemble_inheritedCmd_isDroppedByAnEntrypoint() throws Exception {
        AssembledImage image =
                fixture().build("FROM x AS base\nCMD [\"inherited\"]\nFROM base\nENTRYPOINT [\"java\"]\n");

        assertThat(image.command()).containsExactly("java");
    }

    @Test
    void assemble_unusedStage_isSkipped() throws Exception {
        BuildFixture fixture = fixture();

        AssembledImage image = fixture.build("FROM x AS tests\nRUN run-the-tests\nFROM x\nRUN echo final\n");

        assertThat(fixture.runner.argvs()).containsExactly(List.of("/bin/sh", "-c", "echo final"));
        assertThat(image.notes())
                .contains("line 1: stage 'tests' skipped: the final stage does not use it, as BuildKit does");
    }

    @Test
    void assemble_copyFromAnImage_isRejected() {
        BuildFixture fixture = fixture();

        assertThatThrownBy(() -> fixture.build("FROM x\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /etc/\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("COPY --from=nginx:latest names no earlier stage")
                .hasMessageContaining("cannot do (it has no registry access)");
    }

    @Test
    void assemble_copyFromALaterStageIndex_isRejected() {
        assertThatThrownBy(() -> fixture().build("FROM x\nCOPY --from=1 /a /b\n"))
                .hasMessageContaining("line 2: COPY --from=1 refers to stage 1, which does not come before this one");
    }

    @Test
    void assemble_missingFileOfAnImageStage_explainsTheBaseImageIsNotThere() {
        assertThatThrownBy(() ->
                        fixture().build("FROM nginx AS web\nFROM x\nCOPY --from=web /etc/nginx/nginx.conf /etc/\n"))
                .hasMessageContaining("line 3: COPY failed: file not found in stage 'web' (FROM nginx: the emulator has"
                        + " only the files that stage's own instructions put there");
    }

    @Test
    void assemble_addTarGz_extractsFilesDirectoriesAndLinks() throws Exception {
        BuildFixture fixture = fixture();
        String longName = "deep/" + "d".repeat(120) + "/long.txt";
        new TarWriter()
                .directory("./bin/")
                .file("./bin/tool", "#!/bin/sh\necho tool\n", 0755)
                .file("etc/conf", "k=v", 0640)
                .symlink("bin/tool-link", "tool")
                .hardlink("etc/conf-copy", "etc/conf")
                .paxPath(longName)
                .file("placeholder", "long", 0644)
                .fifo("pipe")
                .writeTo(fixture.context.resolve("tool.tgz"), true);

        AssembledImage image = fixture.build("FROM x\nWORKDIR /opt\nADD tool.tgz tool/\n");

        assertThat(fixture.read("/opt/tool/bin/tool")).isEqualTo("#!/bin/sh\necho tool\n");
        assertThat(Files.getPosixFilePermissions(fixture.image("/opt/tool/bin/tool")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(fixture.image("/opt/tool/etc/conf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Files.readSymbolicLink(fixture.image("/opt/tool/bin/tool-link")))
                .isEqualTo(Path.of("tool"));
        assertThat(fixture.read("/opt/tool/etc/conf-copy")).isEqualTo("k=v");
        assertThat(fixture.read("/opt/tool/" + longName)).isEqualTo("long");
        assertThat(fixture.image("/opt/tool/tool.tgz")).doesNotExist();
        assertThat(image.notes())
                .contains("line 3: skipped pipe of tool.tgz: only files, directories and links are extracted");
    }

    @Test
    void assemble_addPlainTarAndOtherFiles_extractsOnlyArchives() throws Exception {
        BuildFixture fixture = fixture().file("notes.gz.txt", "not an archive");
        new TarWriter().file("a.txt", "a", 0644).writeTo(fixture.context.resolve("plain.tar"), false);

        fixture.build("FROM x\nADD plain.tar notes.gz.txt /dest/\n");

        assertThat(fixture.read("/dest/a.txt")).isEqualTo("a");
        assertThat(fixture.read("/dest/notes.gz.txt")).isEqualTo("not an archive");
        assertThat(fixture.image("/dest/plain.tar")).doesNotExist();
    }

    @Test
    void assemble_copyOfATar_doesNotExtract() throws Exception {
        BuildFixture fixture = fixture();
        new TarWriter().file("a.txt", "a", 0644).writeTo(fixture.context.resolve("plain.tar"), false);

        fixture.build("FROM x\nCOPY plain.tar /dest/\n");

        assertThat(fixture.image("/dest/plain.tar")).isRegularFile();
        assertThat(fixture.image("/dest/a.txt")).doesNotExist();
    }

    @Test
    void assemble_archiveEntryLeavingTheDestination_isRejected() throws IOException {
        BuildFixture fixture = fixture();
        new TarWriter().file("../../evil", "x", 0644).writeTo(fixture.context.resolve("evil.tar.gz"), true);

        assertThatThrownBy(() -> fixture.build("FROM x\nADD evil.tar.gz /opt/\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("the entry ../../evil of evil.tar.gz leaves the destination directory");
        assertThat(directory.resolve("evil")).doesNotExist();
    }

    @Test
    void assemble_archiveLinkThenFileThroughIt_staysInTheTree() throws Exception {
        BuildFixture fixture = fixture();
        Path outside = Files.createDirectories(directory.resolve("outside"));
        new TarWriter()
                .symlink("link", outside.toString())
                .file("link/planted", "x", 0644)
                .writeTo(fixture.context.resolve("a.tar"), false);

        fixture.build("FROM x\nADD a.tar /\n");

        assertThat(outside.resolve("planted")).doesNotExist();
        assertThat(fixture.read(outside + "/planted")).isEqualTo("x");
    }

    @Test
    void assemble_addBzip2Tar_isRejectedWithAHint() throws IOException {
        BuildFixture fixture = fixture().file("tool.tar.bz2", "BZh9");

        assertThatThrownBy(() -> fixture.build("FROM x\nADD tool.tar.bz2 /opt/\n"))
                .hasMessageContaining("line 2: ADD cannot extract tool.tar.bz2")
                .hasMessageContaining(".tar.gz");
    }
}
