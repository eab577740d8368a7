package dev.microvms.emulator.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void read_moreLinesThanAsked_keepsTheLastOnes() throws Exception {
        Path log = dir.resolve("log");
        Files.writeString(log, "a\nb\nc\nd\n");

        assertThat(LogTail.read(log, 0, 2)).isEqualTo("c\nd");
    }

    @Test
    void read_fromAnOffset_ignoresEarlierSteps() throws Exception {
        Path log = dir.resolve("log");
        Files.writeString(log, "old step\nnew 1\nnew 2");

        assertThat(LogTail.read(log, "old step\n".length(), 20)).isEqualTo("new 1\nnew 2");
    }

    @Test
    void read_hugeOutput_cutsAtALineStart() throws Exception {
        Path log = dir.resolve("log");
        String longLine = "x".repeat(10_000);
        Files.writeString(log, longLine + "\n" + longLine + "\n" + "last\n");

        String tail = LogTail.read(log, 0, 20);

        assertThat(tail).endsWith("\nlast").hasSizeLessThan(16 * 1024);
        assertThat(tail.lines()).allMatch(line -> line.equals("last") || line.equals(longLine));
    }

    @Test
    void read_missingOrEmpty_isEmpty() throws Exception {
        Path log = dir.resolve("log");
        assertThat(LogTail.read(log, 0, 20)).isEmpty();
        Files.writeString(log, "x\n");
        assertThat(LogTail.read(log, 2, 20)).isEmpty();
    }
}
