package dev.microvms.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagerTest {
    @TempDir
    Path project;

    private void write(String name, String text) throws Exception {
        Path p = project.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    @Test
    void pack_sameFilesAtOtherTimes_givesTheSameBytes() throws Exception {
        write("Dockerfile", "FROM x\n");
        write("target/app.jar", "jar");
        write("src/App.java", "class App {}");
        Packager.Result first = Packager.pack(project, project.resolve("target/a.zip"));
        byte[] bytes = Files.readAllBytes(first.zip());
        Files.setLastModifiedTime(
                project.resolve("src/App.java"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

        Packager.Result second = Packager.pack(project, project.resolve("target/a.zip"));

        assertThat(Files.readAllBytes(second.zip())).isEqualTo(bytes);
        assertThat(second.sha256()).isEqualTo(first.sha256()).hasSize(64);
        assertThat(second.files()).containsExactly("Dockerfile", "src/App.java", "target/app.jar");
    }

    @Test
    void pack_dockerignore_keepsOnlyWhatItLetsThrough() throws Exception {
        write("Dockerfile", "FROM x\n");
        write(".dockerignore", "# only the jar\n*\n!target/app.jar\n");
        write("target/app.jar", "jar");
        write("target/classes/App.class", "class");
        write("src/App.java", "class App {}");

        Packager.Result r = Packager.pack(project, project.resolve("target/microvm-artifact.zip"));

        assertThat(r.files()).containsExactly("Dockerfile", "target/app.jar");
    }

    @Test
    void pack_noDockerfile_saysHowToAddOne() throws Exception {
        write("app.txt", "x");

        assertThatThrownBy(() -> Packager.pack(project, project.resolve("a.zip")))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("There is no Dockerfile at the root of")
                .hasMessageContaining("FROM public.ecr.aws/lambda/microvms:al2023-minimal");
        assertThat(project.resolve("a.zip")).doesNotExist();
    }
}
