package dev.microvms.sdk.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShellProtocolTest {
    private static final byte[] MARKER = "@MVX:n123:".getBytes(StandardCharsets.US_ASCII);

    @Test
    void record_isFoundAfterNoiseAndSplitIntoSeqTypeAndFields() {
        ShellRecord r = ShellRecord.parse(bytes("garbage from /dev/tty@MVX:n123:7 O1 aGVsbG8="), MARKER);

        assertThat(r).isNotNull();
        assertThat(r.seq()).isEqualTo(7);
        assertThat(r.type()).isEqualTo("O1");
        assertThat(new String(r.decoded(0), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(ShellRecord.parse(bytes("@MVX:n123:3 X"), MARKER)).isEqualTo(new ShellRecord(3, "X", ""));
    }

    @Test
    void record_ofAnotherSessionOrMalformed_isNoRecord() {
        assertThat(ShellRecord.parse(bytes("@MVX:n999:3 X 0"), MARKER)).isNull();
        assertThat(ShellRecord.parse(bytes("printf '%s%s' '@MVX' ':n123:0 up'"), MARKER))
                .isNull();
        assertThat(ShellRecord.parse(bytes("@MVX:n123:x X 0"), MARKER)).isNull();
        assertThat(ShellRecord.parse(bytes("YWJjZGVm"), MARKER)).isNull();
    }

    @Test
    void request_argumentsArriveExactlyThroughARealShell() throws Exception {
        List<String> args = List.of(
                "plain", "it's", "$HOME `id` \\ \"q\"", "two\nlines\n", "tab\there", "", "caf\u00e9", "trailing\n\n");
        ShellRequest request = new ShellRequest("nonce", "show", 5).args(args);
        String line = new String(request.toBytes(), StandardCharsets.UTF_8);

        assertThat(line).startsWith("nonce ").endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        // What the framing loop does with the line: drop the nonce, evaluate the rest.
        String script = "show() { shift; for a; do printf '[%s]' \"$a\"; done; }; eval \"$1\"";
        Process sh = new ProcessBuilder("/bin/sh", "-c", script, "sh", line.substring("nonce ".length()))
                .redirectErrorStream(true)
                .start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();

        StringBuilder expected = new StringBuilder();
        args.forEach(a -> expected.append('[').append(a).append(']'));
        assertThat(out).isEqualTo(expected.toString());
    }

    @Test
    void lines_splitAtNewlineDropTheTerminalsCarriageReturnAndRefuseEndlessOnes() throws Exception {
        ShellLines lines = new ShellLines(new java.io.ByteArrayInputStream(bytes("one\r\ntwo\n\nthree")), 10);

        assertThat(new String(lines.next(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(new String(lines.next(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(lines.next()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(lines::next).isInstanceOf(java.io.EOFException.class);
        ShellLines endless = new ShellLines(new java.io.ByteArrayInputStream(new byte[100]), 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(endless::next).hasMessageContaining("longer than 10");
    }

    @Test
    void fileErrors_nameThePathTheReasonAndTheSystemsWords() {
        assertThat(FileErrors.of("NOENT", "microvm-1", "read", "/x", null))
                .hasMessage("Could not read /x in microvm-1: nothing is at /x.")
                .satisfies(
                        e -> assertThat(e.reason()).isEqualTo(dev.microvms.sdk.MicrovmFileException.Reason.NOT_FOUND));
        assertThat(FileErrors.of("ERR", "microvm-1", "create directory", "/proc/x", "mkdir: Permission denied\n")
                        .reason())
                .isEqualTo(dev.microvms.sdk.MicrovmFileException.Reason.ACCESS_DENIED);
    }

    @Test
    void outputBuffer_keepsUpToItsLimitThenStops() {
        OutputBuffer buffer = new OutputBuffer(5);
        buffer.onStdout(bytes("abc"));
        buffer.onStderr(bytes("12345"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> buffer.onStdout(bytes("defg")))
                .isInstanceOfSatisfying(
                        OutputBuffer.TooLarge.class, e -> assertThat(e.stream()).isEqualTo("stdout"));
        assertThat(buffer.stdout()).isEqualTo(bytes("abcde"));
        assertThat(buffer.stderr()).isEqualTo(bytes("12345"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
