package dev.microvms.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code new}'s next steps can be pasted as they are, whether or not the command line is on the PATH. */
class NewCommandTest {
    @TempDir
    Path dir;

    @Test
    void nextSteps_startTheEmulatorBeforeDeploying() {
        Path target = dir.resolve("hello");

        CliRun r = CliRun.of(Map.of("PATH", "/usr/bin:/bin"), "new", "hello", "-d", target.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains(
                        "  cd " + target,
                        "  lambda-microvms local start",
                        "  lambda-microvms deploy --local",
                        "  lambda-microvms run --local");
    }

    @Test
    void nextSteps_launcherNotOnThePath_nameItsPath() throws Exception {
        Path script = Files.createDirectories(dir.resolve("kit")).resolve("lambda-microvms");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        CliRun r = CliRun.of(
                Map.of("PATH", "/usr/bin:/bin", "LAMBDA_MICROVMS_COMMAND", script.toString()),
                "new",
                "hello",
                "--template",
                "spring-boot",
                "-d",
                dir.resolve("hello").toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("(spring-boot)", "  " + script + " local start", "  " + script + " deploy --local");
    }
}
