package dev.microvms.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStepTest {
    @TempDir
    Path project;

    @Test
    void run_buildWithColourCodes_printsItsLinesWithoutThem() throws Exception {
        StringWriter progress = new StringWriter();

        // What Debian's Maven prints even with -B -q: colour resets alone on a line, and around text.
        BuildStep.run(
                project,
                "printf '\\033[0m\\033[0m\\n\\033[1;31mfailed\\033[0m to build\\nplain\\n'",
                new PrintWriter(progress, true));

        assertThat(progress.toString()).isEqualTo("  | failed to build\n  | plain\n");
    }

    @Test
    void run_withEnvironment_setsTheVariablesForTheCommand() throws Exception {
        StringWriter progress = new StringWriter();

        BuildStep.run(
                project,
                "echo \"$MAVEN_OPTS\"",
                Map.of("MAVEN_OPTS", "-XX:TieredStopAtLevel=1"),
                new PrintWriter(progress, true));

        assertThat(progress.toString()).isEqualTo("  | -XX:TieredStopAtLevel=1\n");
    }

    @Test
    void run_interrupted_stopsTheCommandAndItsChildren() throws Exception {
        Path pid = project.resolve("child.pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                BuildStep.run(project, "sleep 600 & echo $! > child.pid; wait", new PrintWriter(new StringWriter()));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        build.start();
        while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
            Thread.sleep(20); // waiting for the command to start its child
        }
        ProcessHandle child =
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();

        build.interrupt();
        build.join();

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        child.onExit().get(60, TimeUnit.SECONDS); // once the sleep the command started is gone
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void run_failingBuild_namesTheCommandAndTheCode() {
        assertThatThrownBy(() -> BuildStep.run(project, "exit 3", new PrintWriter(new StringWriter())))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("'exit 3'", "code 3", "--skip-build");
    }

    @Test
    void plain_keepsTextWithoutEscapes() {
        assertThat(BuildStep.plain("[INFO] BUILD SUCCESS")).isEqualTo("[INFO] BUILD SUCCESS");
        assertThat(BuildStep.plain("\u001B[?25l\u001B[32mok\u001B[39m")).isEqualTo("ok");
    }
}
