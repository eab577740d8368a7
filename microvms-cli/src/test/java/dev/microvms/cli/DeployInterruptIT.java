package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.Emulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (here its cousin SIGTERM, which runs the same shutdown hooks) while deploy waits for the build: the
 * command says that the build goes on in the service, and how to watch it or wait for it.
 */
class DeployInterruptIT {
    @TempDir
    Path dir;

    @Test
    void interruptWhileWaiting_saysTheBuildGoesOnAndHowToWaitForIt() throws Exception {
        Path project = Files.createDirectories(dir.resolve("slow"));
        // An app that never answers its ready hook: the build waits for it for a minute.
        Files.writeString(
                project.resolve("microvm.yml"),
                "name: slow-app\nhooks:\n  port: 9000\n  ready: {timeoutSeconds: 60}\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                project.resolve("Dockerfile"),
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal\nCMD [\"sleep\", \"300\"]\n",
                StandardCharsets.UTF_8);
        try (Emulator emulator =
                Emulator.builder().port(0).stateDirectory(dir.resolve("state")).start()) {
            ProcessBuilder deploy = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "deploy",
                            "--local",
                            "-p",
                            project.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            deploy.environment().put("LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(emulator.port()));
            deploy.environment().put("LAMBDA_MICROVMS_HOME", dir.resolve("home").toString());
            Process process = deploy.start();
            StringBuilder err = new StringBuilder();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean interrupted = false;
                while ((line = lines.readLine()) != null) {
                    err.append(line).append('\n');
                    if (!interrupted && line.contains("waiting for CREATED")) {
                        // SIGTERM through the handle: Process.destroy() would also close the stream read here.
                        process.toHandle().destroy();
                        interrupted = true;
                    }
                }
            } finally {
                process.destroyForcibly();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(err.toString())
                    .contains(
                            "Stopped waiting; the build of slow-app goes on.",
                            "'lambda-microvms images versions --local slow-app'",
                            "'lambda-microvms images wait --local slow-app'");
        }
    }
}
