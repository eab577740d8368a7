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
        assertThat(pom).contains("<microvms.version>1.2.3</microvms.version>", "<mainClass>com.example.helloapp.App");
        assertThat(Files.readString(project.resolve("src/main/java/com/example/helloapp/App.java")))
                .startsWith("package com.example.helloapp;");
        assertThat(Packager.contextFiles(project, project.resolve("target/x.zip")))
                .containsExactly("Dockerfile");
    }

    @Test
    void write_badName_saysWhatANameMayHold() {
        assertThatThrownBy(() -> Scaffold.write(dir.resolve("x"), "Hello App", null, Scaffold.Template.http, "1"))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("'Hello App'");
    }

    @Test
    void write_intoANonEmptyDirectory_refusesAndKeepsItsFiles() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> Scaffold.write(dir, "hello", null, Scaffold.Template.http, "1"))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("is not empty");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
        assertThat(dir.resolve("pom.xml")).doesNotExist();
    }
}
