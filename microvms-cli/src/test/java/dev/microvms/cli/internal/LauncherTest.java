package dev.microvms.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @TempDir
    Path dir;

    private Path script() throws Exception {
        Path kit = Files.createDirectories(dir.resolve("kit"));
        Path script = kit.resolve("lambda-microvms");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void command_withoutTheLauncher_isTheName() {
        assertThat(Launcher.command(Map.of("PATH", "/usr/bin"))).isEqualTo("lambda-microvms");
    }

    @Test
    void command_launcherNotOnThePath_isItsAbsolutePath() throws Exception {
        Path script = script();

        assertThat(Launcher.command(Map.of(Launcher.VARIABLE, script.toString(), "PATH", "/usr/bin:/bin")))
                .isEqualTo(script.toAbsolutePath().toString());
    }

    @Test
    void command_launcherLinkedFromThePath_isTheName() throws Exception {
        Path script = script();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("lambda-microvms"), script);

        assertThat(Launcher.command(Map.of(Launcher.VARIABLE, script.toString(), "PATH", "/usr/bin:" + bin)))
                .isEqualTo("lambda-microvms");
    }
}
