package dev.microvms.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
