package dev.microvms.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.project.PackageException;
import dev.microvms.project.Packager;
import dev.microvms.project.ProjectFile;
import dev.microvms.project.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScaffoldTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Scaffold.Template.class)
    void write_eachTemplate_givesAProjectWhoseMicrovmYmlIsValid(Scaffold.Template template) throws Exception {
        Path project = dir.resolve("hello-app");

        var files = Scaffold.write(project, "hello-app", null, template, "1.2.3");

        assertThat(files)
                .contains(
                        "pom.xml",
                        "Dockerfile",
                        ".dockerignore",
                        "microvm.yml",
                        "README.md",
                        ".env.example",
                        "src/main/java/com/example/helloapp/App.java",
                        "src/test/java/com/example/helloapp/AppIT.java");
        ProjectFile p = ProjectFiles.load(ProjectFiles.in(project));
        assertThat(p.name()).isEqualTo("hello-app");
        assertThat(p.hooks().port()).isEqualTo(9000);
        String pom = Files.readString(project.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertThat(pom).contains("<microvms.version>1.2.3</microvms.version>");
        if (template == Scaffold.Template.SPRING_BOOT) {
            assertThat(pom).contains("<artifactId>microvms-guest-spring</artifactId>", "<finalName>app</finalName>");
            assertThat(files).contains("src/main/resources/application.properties");
        } else {
            assertThat(pom).contains("<mainClass>com.example.helloapp.App");
        }
        String readme = Files.readString(project.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("lambda-microvms local start", "lambda-microvms call --local MICROVM-ID");
        assertThat(readme).doesNotContain("call --local MICROVM-ID /   ");
        assertThat(Files.readString(project.resolve("src/main/java/com/example/helloapp/App.java")))
                .startsWith("package com.example.helloapp;");
        assertThat(Packager.contextFiles(project, project.resolve("target/x.zip")))
                .containsExactly("Dockerfile");
    }

    @Test
    void write_badName_saysWhatANameMayHold() {
        assertThatThrownBy(() -> Scaffold.write(dir.resolve("x"), "Hello App", null, Scaffold.Template.HTTP, "1"))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("'Hello App'");
    }

    @Test
    void write_intoANonEmptyDirectory_refusesAndKeepsItsFiles() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> Scaffold.write(dir, "hello", null, Scaffold.Template.HTTP, "1"))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("is not empty");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
        assertThat(dir.resolve("pom.xml")).doesNotExist();
    }

    @Test
    void write_eachTemplatesReadme_callsWhatItsAppServes() throws Exception {
        assertThat(readme(Scaffold.Template.HTTP)).contains("POST /count");
        assertThat(readme(Scaffold.Template.WORKER)).contains("/status").doesNotContain("/count");
        assertThat(readme(Scaffold.Template.STREAM)).contains("'/events?n=3'", "onPort(8081).webSocket");
        assertThat(readme(Scaffold.Template.SPRING_BOOT)).contains("POST /count", "MicrovmLifecycle");
    }

    @Test
    void template_byItsName() {
        assertThat(Scaffold.Template.of("spring-boot")).isEqualTo(Scaffold.Template.SPRING_BOOT);
        assertThatThrownBy(() -> Scaffold.Template.of("django")).hasMessageContaining("spring-boot");
    }

    private String readme(Scaffold.Template template) throws Exception {
        Path project = dir.resolve(template.id());
        Scaffold.write(project, "hello", null, template, "1");
        return Files.readString(project.resolve("README.md"), StandardCharsets.UTF_8);
    }
}
