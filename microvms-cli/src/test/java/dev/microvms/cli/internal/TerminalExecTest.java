package dev.microvms.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.sdk.ExecRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalExecTest {
    @Test
    void screen_dropsWhatComesBeforeTheFirstMarkerAndTheMarkersEvenSplitAcrossChunks() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        TerminalExec.MarkerFilter filter = new TerminalExec.MarkerFilter("t1", screen);

        for (String chunk : new String[] {
            "$ stty -echo; printf '%s%s\\n' '@MVX' ':t1:up'\r\n@MV",
            "X:t1:up\r\n",
            "hello from top\r\n@MVX:",
            "t1:ex",
            "it 42\r\n$ exit\r\n"
        }) {
            filter.accept(chunk.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(filter.up()).isDone();
        assertThat(filter.exit().get()).isEqualTo(42);
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("hello from top\r\n");
    }

    @Test
    void commandLine_runsTheProgramWithoutAShellInItsDirectoryWithItsEnvironment() {
        String line = TerminalExec.commandLine(ExecRequest.builder()
                .command("vi", "it's.txt")
                .workingDirectory("/app")
                .environment("TERM", "xterm")
                .build());

        assertThat(line).isEqualTo("cd '/app' && env -- 'TERM=xterm' 'vi' 'it'\\''s.txt'");
        assertThatThrownBy(() -> TerminalExec.commandLine(ExecRequest.of("echo", "a\nb")))
                .hasMessageContaining("drop -t");
    }
}
