package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageAssemblerCopyTest {

    @TempDir
    Path directory;

    @Test
    void assemble_typicalDockerfile_buildsTreeCommandAndNotes() throws Exception {
        BuildFixture fixture = new BuildFixture(directory).file("target/app.jar", "jar bytes");

        AssembledImage image = fixture.build(DockerfileParserTest.TYPICAL);

        assertThat(fixture.read("/app/app.jar")).isEqualTo("jar bytes");
        assertThat(image.command()).containsExactly("java", "-jar", "/app/app.jar");
        assertThat(image.entrypoint()).isEmpty();
        assertThat(image.environment())
                .containsEntry("JAVA_OPTS", "-XX:+UseSerialGC")
                .containsEntry("PORT", "8080")
                .containsEntry("PATH", ImageAssembler.DEFAULT_PATH);
        assertThat(image.workingDirectory()).isEqualTo("/app");
        assertThat(image.user()).isNull();
        assertThat(image.exposedPorts()).extracting(ExposedPort::toString).containsExactly("8080/tcp", "9000/tcp");
        assertThat(image.baseImages()).containsExactly("public.ecr.aws/lambda/microvms:al2023-minimal");
        assertThat(image.notes())
                .contains("line 2: skipped `dnf install -y java-21-amazon-corretto-headless && dnf clean all`: the base"
                        + " image's package manager does not run here; the host's packages stand in for it");
        assertThat(fixture.runner.steps).isEmpty();
        assertThat(directory.resolve("rootfs.stages")).doesNotExist();
    }

    @Test
    void assemble_severalSources_copiesIntoTheDirectory() throws Exception {
        BuildFixture fixture = new BuildFixture(directory).file("a.txt", "a").file("b.txt", "b");

        fixture.build("FROM x\nCOPY a.txt b.txt /dest\n");

        assertThat(fixture.read("/dest/a.txt")).isEqualTo("a");
        assertThat(fixture.read("/dest/b.txt")).isEqualTo("b");
    }

    @Test
    void assemble_globs_matchWithinOneSegment() throws Exception {
        BuildFixture fixture = new BuildFixture(directory)
                .file("target/app.jar", "app")
                .file("target/lib.jar", "lib")
                .file("target/notes.txt", "n")
                .file("target/classes/Deep.jar", "deep")
                .file("single.jar", "one");

        fixture.build("FROM x\nCOPY target/*.jar /app/\nCOPY *.jar /one.jar\nCOPY target/**.txt /docs/\n");

        assertThat(fixture.read("/app/app.jar")).isEqualTo("app");
        assertThat(fixture.read("/app/lib.jar")).isEqualTo("lib");
        assertThat(fixture.image("/app/notes.txt")).doesNotExist();
        assertThat(fixture.image("/app/Deep.jar")).doesNotExist();
        assertThat(fixture.read("/one.jar")).isEqualTo("one");
        assertThat(fixture.read("/docs/notes.txt")).isEqualTo("n");
    }

    @Test
    void assemble_directorySource_copiesItsContents() throws Exception {
        BuildFixture fixture =
                new BuildFixture(directory).file("config/app.yml", "a: 1").file("config/nested/db.yml", "b: 2");

        fixture.build("FROM x\nCOPY config /etc/app\nCOPY config/ /etc/again/\n");

        assertThat(fixture.read("/etc/app/app.yml")).isEqualTo("a: 1");
        assertThat(fixture.read("/etc/app/nested/db.yml")).isEqualTo("b: 2");
        assertThat(fixture.image("/etc/app/config")).doesNotExist();
        assertThat(fixture.read("/etc/again/nested/db.yml")).isEqualTo("b: 2");
    }

    @Test
    void assemble_chmod_setsTheModeAndOtherwiseKeepsTheSourceMode() throws Exception {
        BuildFixture fixture =
                new BuildFixture(directory).file("run.sh", "#!/bin/sh").file("secret.txt", "s");
        Files.setPosixFilePermissions(
                fixture.context.resolve("secret.txt"), PosixFilePermissions.fromString("rw-r-----"));

        AssembledImage image = fixture.build(
                "FROM x\nCOPY --chmod=755 run.sh /usr/local/bin/run\nCOPY --chown=app:app secret.txt /etc/\n");

        assertThat(Files.getPosixFilePermissions(fixture.image("/usr/local/bin/run")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(fixture.image("/etc/secret.txt")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(image.notes()).anyMatch(note -> note.startsWith("line 3: --chown=app:app ignored"));
    }

    @Test
    void assemble_symbolicChmod_isRejectedWithTheOctalForm() {
        BuildFixture fixture = new BuildFixture(directory);

        assertThatThrownBy(() -> fixture.file("a", "a").build("FROM x\nCOPY --chmod=u+x a /a\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessageContaining("line 2: invalid --chmod=u+x")
                .hasMessageContaining("--chmod=755");
    }

    @Test
    void assemble_dockerignore_excludesFromCopiesWithExceptions() throws Exception {
        BuildFixture fixture = new BuildFixture(directory)
                .file(".dockerignore", "# build output\ntarget\n!target/app.jar\n*.log\n**/secret.txt\n")
                .file("src/Main.java", "class Main {}")
                .file("src/deep/secret.txt", "s")
                .file("target/app.jar", "app")
                .file("target/other.jar", "other")
                .file("debug.log", "log");

        fixture.build("FROM x\nCOPY . /src/\n");

        assertThat(fixture.read("/src/src/Main.java")).isEqualTo("class Main {}");
        assertThat(fixture.read("/src/target/app.jar")).isEqualTo("app");
        assertThat(fixture.image("/src/target/other.jar")).doesNotExist();
        assertThat(fixture.image("/src/debug.log")).doesNotExist();
        assertThat(fixture.image("/src/src/deep/secret.txt")).doesNotExist();
        // As in Docker, .dockerignore itself is copied unless it lists itself.
        assertThat(fixture.image("/src/.dockerignore")).exists();
    }

    @Test
    void assemble_ignoredSource_isNotFoundAndSaysWhy() throws IOException {
        BuildFixture fixture =
                new BuildFixture(directory).file(".dockerignore", "*.jar\n").file("app.jar", "a");

        assertThatThrownBy(() -> fixture.build("FROM x\nCOPY app.jar /app/\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("COPY failed: file not found in build context: app.jar")
                .hasMessageContaining("excluded by .dockerignore");
    }

    @Test
    void assemble_relativeDestinations_followWorkdir() throws Exception {
        BuildFixture fixture = new BuildFixture(directory).file("app.jar", "a");

        AssembledImage image = fixture.build(
                "FROM x\nWORKDIR /app\nCOPY app.jar .\nCOPY app.jar lib/\nWORKDIR sub/../data\nCOPY app.jar copy.jar\n");

        assertThat(fixture.read("/app/app.jar")).isEqualTo("a");
        assertThat(fixture.read("/app/lib/app.jar")).isEqualTo("a");
        assertThat(fixture.read("/app/data/copy.jar")).isEqualTo("a");
        assertThat(image.workingDirectory()).isEqualTo("/app/data");
    }

    @Test
    void assemble_copyToExistingDirectory_copiesIntoIt() throws Exception {
        BuildFixture fixture = new BuildFixture(directory).file("app.jar", "a");

        fixture.build("FROM x\nWORKDIR /opt/app\nCOPY app.jar /opt/app\n");

        assertThat(fixture.read("/opt/app/app.jar")).isEqualTo("a");
    }

    @Test
    void assemble_workdir_isCreatedWithVariables() throws Exception {
        BuildFixture fixture = new BuildFixture(directory);

        AssembledImage image = fixture.build("FROM x\nENV BASE=/srv\nWORKDIR $BASE/data\n");

        assertThat(fixture.image("/srv/data")).isDirectory();
        assertThat(image.workingDirectory()).isEqualTo("/srv/data");
    }

    @Test
    void assemble_sourceOutsideTheContext_isRejected() throws IOException {
        BuildFixture fixture = new BuildFixture(directory);
        Files.writeString(directory.resolve("secret"), "s");

        assertThatThrownBy(() -> fixture.build("FROM x\nRUN true\nCOPY ../secret /x\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("forbidden path outside the build context: ../secret");
    }

    @Test
    void assemble_symlinkOutOfTheContext_isRejected() throws IOException {
        BuildFixture fixture = new BuildFixture(directory);
        Files.writeString(directory.resolve("secret"), "s");
        Files.createSymbolicLink(fixture.context.resolve("link"), directory.resolve("secret"));

        assertThatThrownBy(() -> fixture.build("FROM x\nCOPY link /x\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessageContaining(
                        "line 2: COPY failed: forbidden path outside the build context: link is a symbolic"
                                + " link to");
        assertThatThrownBy(() -> fixture.build("FROM x\nCOPY lin* /x\n"))
                .hasMessageContaining("forbidden path outside the build context: link");
    }

    @Test
    void assemble_symlinkInsideTheContext_isFollowed() throws Exception {
        BuildFixture fixture = new BuildFixture(directory).file("real/app-1.0.jar", "v1");
        Files.createSymbolicLink(fixture.context.resolve("app.jar"), Path.of("real/app-1.0.jar"));

        fixture.build("FROM x\nCOPY app.jar /app/\n");

        assertThat(fixture.read("/app/app.jar")).isEqualTo("v1");
        assertThat(Files.isSymbolicLink(fixture.image("/app/app.jar"))).isFalse();
    }

    @Test
    void assemble_missingSources_failNamingTheLine() {
        BuildFixture fixture = new BuildFixture(directory.resolve("file"));
        BuildFixture glob = new BuildFixture(directory.resolve("glob"));

        assertThatThrownBy(() -> fixture.build("FROM x\nWORKDIR /app\n\nCOPY target/app.jar /app/\n"))
                .isInstanceOfSatisfying(
                        DockerfileException.class, e -> assertThat(e.line()).isEqualTo(4))
                .hasMessageStartingWith("line 4: COPY failed: file not found in build context: target/app.jar")
                .hasMessageContaining("mvn package");
        assertThatThrownBy(() -> glob.build("FROM x\nCOPY target/*.jar /app/\n"))
                .hasMessageStartingWith("line 2: COPY failed: no source files were specified: target/*.jar");
    }

    @Test
    void assemble_linkInTheTree_cannotLeadACopyOutOfIt() throws Exception {
        Path outside = Files.createDirectories(directory.resolve("outside"));
        BuildFixture fixture = new BuildFixture(directory, step -> {
            Files.createDirectories(step.root().resolve("opt"));
            Files.createSymbolicLink(step.root().resolve("opt/escape"), outside);
            return StepResult.success("");
        });
        fixture.file("a.txt", "a");

        fixture.build("FROM x\nRUN ln -s " + outside + " /opt/escape\nCOPY a.txt /opt/escape/a.txt\n");

        assertThat(outside.resolve("a.txt")).doesNotExist();
        assertThat(fixture.read(outside + "/a.txt")).isEqualTo("a");
    }

    @Test
    void assemble_addUrl_isRejectedWithoutNetwork() {
        BuildFixture fixture = new BuildFixture(directory);

        assertThatThrownBy(() -> fixture.build("FROM x\nADD https://example.com/app.jar /app/\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessageContaining("line 2: ADD of a URL (https://example.com/app.jar) is not supported")
                .hasMessageContaining("COPY it");
    }

    @Test
    void assemble_notEmptyRootfs_isRefused() throws IOException {
        BuildFixture fixture = new BuildFixture(directory);
        Files.createDirectories(fixture.rootfs.resolve("old"));

        assertThatThrownBy(() -> fixture.build("FROM x\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty");
    }
}
