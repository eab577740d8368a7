package dev.microvms.emulator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What of an app's output goes into a reason: its last words, safe to show, bounded. */
class EvidenceTest {
    @TempDir
    Path dir;

    @Test
    void tail_javaException_keepsTheExceptionAndLeavesOutTheFrames() throws IOException {
        Path stderr = Files.writeString(
                dir.resolve("stderr.log"),
                "Exception in thread \"main\" java.lang.IllegalStateException: CONFIG_URL is not set\n"
                        + "\tat com.example.App.main(App.java:12)\n"
                        + "Caused by: java.io.FileNotFoundException: /etc/app.conf\n"
                        + "\tat java.base/java.io.FileInputStream.open0(Native Method)\n"
                        + "\t... 3 more\n");

        assertThat(Evidence.tail(stderr, null))
                .isEqualTo(" The end of its stderr: Exception in thread \"main\" java.lang.IllegalStateException:"
                        + " CONFIG_URL is not set | Caused by: java.io.FileNotFoundException: /etc/app.conf.");
    }

    @Test
    void tail_escapesAndControlCharacters_areTakenOut() throws IOException {
        Path stderr = Files.writeString(dir.resolve("stderr.log"), "\u001B[31mERROR\u001B[0m bad\u0007 input\r\n");

        assertThat(Evidence.tail(stderr, null)).isEqualTo(" The end of its stderr: ERROR bad input.");
    }

    @Test
    void tail_nothingOnStderr_usesStdoutAsSpringBootLogsThere() throws IOException {
        Path stderr = Files.writeString(dir.resolve("stderr.log"), "");
        Path stdout = Files.writeString(
                dir.resolve("stdout.log"),
                "APPLICATION FAILED TO START\n\nDescription:\n\nPort 8080 was already in use.\n");

        assertThat(Evidence.tail(stderr, stdout))
                .isEqualTo(" The end of its stdout: APPLICATION FAILED TO START | Description: | Port 8080 was"
                        + " already in use.");
    }

    @Test
    void tail_muchOutput_isBoundedAndKeepsTheEnd() throws IOException {
        Path stderr =
                Files.writeString(dir.resolve("stderr.log"), ("x".repeat(5000) + "\n").repeat(50) + "the last line\n");

        String tail = Evidence.tail(stderr, null);

        assertThat(tail.length()).isLessThan(Evidence.TOTAL_CHARS + 100);
        assertThat(tail).endsWith("the last line.");
        assertThat(Evidence.tail(dir.resolve("missing.log"), null)).isEmpty();
    }

    @Test
    void words_durations_readAsSecondsOrMilliseconds() {
        assertThat(Evidence.words(Duration.ofMinutes(1))).isEqualTo("60 s");
        assertThat(Evidence.words(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Evidence.words(Duration.ofMillis(250))).isEqualTo("250 ms");
    }
}
