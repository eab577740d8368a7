package dev.microvms.emulator.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 6455 framing on the server's side, byte for byte. */
class WebSocketConnectionTest {
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int maxMessage = 100_000;

    @Test
    void accept_theRfcsExampleKey_givesTheRfcsAnswer() {
        assertThat(WebSocketConnection.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void read_theRfcsMaskedHello_isATextMessage() throws IOException {
        byte[] rfc = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};

        WebSocketConnection.Message message = connection(rfc).read();

        assertThat(message).isNotNull();
        assertThat(message.text()).isTrue();
        assertThat(message.asText()).isEqualTo("Hello");
    }

    @Test
    void read_fragmentsWithAPingBetween_joinsThemAndAnswersThePingWithItsPayload() throws IOException {
        byte[] input =
                concat(frame(0x01, "Hel"), frame(0x89, "are you there"), frame(0x80, "lo"), frame(0x8A, "late pong"));

        WebSocketConnection connection = connection(input);
        WebSocketConnection.Message message = connection.read();

        assertThat(message.asText()).isEqualTo("Hello");
        assertThat(written.toByteArray()).isEqualTo(serverFrame(0x8A, bytes("are you there")));
        assertThat(connection.read()).isNull();
        assertThat(connection.closeCode()).isEqualTo(WebSocketConnection.ABNORMAL);
    }

    @Test
    void read_sixteenAndSixtyFourBitLengths_areReadWhole() throws IOException {
        byte[] medium = filled(300);
        byte[] large = filled(70_000);

        WebSocketConnection connection = connection(concat(frame(0x82, medium), frame(0x82, large)));

        assertThat(connection.read().payload()).isEqualTo(medium);
        WebSocketConnection.Message second = connection.read();
        assertThat(second.text()).isFalse();
        assertThat(second.payload()).isEqualTo(large);
    }

    @Test
    void read_clientClose_isEchoedWithItsCodeAndEndsTheConversation() throws IOException {
        WebSocketConnection connection = connection(frame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, bytes("bye"))));

        assertThat(connection.read()).isNull();

        assertThat(connection.closeCode()).isEqualTo(1000);
        assertThat(connection.closeReason()).isEqualTo("bye");
        assertThat(written.toByteArray()).isEqualTo(serverFrame(0x88, new byte[] {0x03, (byte) 0xE8}));
        assertThatThrownBy(() -> connection.sendText("more")).isInstanceOf(IOException.class);
    }

    @Test
    void read_unmaskedClientFrame_closesWith1002() throws IOException {
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};

        assertClosedWith(unmasked, 1002);
    }

    @Test
    void read_protocolErrors_closeWith1002() throws IOException {
        assertClosedWith(frame(0x80, "orphan continuation"), 1002);
        assertClosedWith(frame(0x09, "fragmented ping"), 1002);
        assertClosedWith(frame(0x89, filled(126)), 1002);
        assertClosedWith(frame(0xC1, "reserved bit"), 1002);
        assertClosedWith(frame(0x83, "unknown opcode"), 1002);
        assertClosedWith(concat(frame(0x01, "Hel"), frame(0x81, "new text")), 1002);
        assertClosedWith(frame(0x88, new byte[] {0x03}), 1002);
    }

    @Test
    void read_textThatIsNotUtf8_closesWith1007() throws IOException {
        assertClosedWith(frame(0x81, new byte[] {(byte) 0xC3, 0x28}), 1007);
    }

    @Test
    void read_messageOverTheLimit_closesWith1009EvenWhenFragmented() throws IOException {
        maxMessage = 1024;

        assertClosedWith(frame(0x82, filled(2000)), 1009);
        assertClosedWith(concat(frame(0x02, filled(600)), frame(0x80, filled(600))), 1009);
    }

    @Test
    void send_framesAreUnmaskedWithTheShortestLength() throws IOException {
        WebSocketConnection connection = connection(new byte[0]);
        byte[] medium = filled(200);
        byte[] large = filled(70_000);

        connection.sendText("hi");
        connection.sendBinary(medium, 0, medium.length);
        connection.sendBinary(large, 0, large.length);

        assertThat(written.toByteArray())
                .isEqualTo(concat(
                        new byte[] {(byte) 0x81, 0x02, 'h', 'i'},
                        concat(new byte[] {(byte) 0x82, 126, 0x00, (byte) 200}, medium),
                        concat(new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70}, large)));
    }

    @Test
    void close_twice_sendsOneFrameAndNothingAfterIt() throws IOException {
        WebSocketConnection connection = connection(frame(0x89, "ping after our close"));

        connection.close(1000, "shell exited");
        connection.close(1001, "again");
        assertThat(connection.read()).isNull();

        assertThat(connection.closeSent()).isTrue();
        assertThat(written.toByteArray())
                .isEqualTo(serverFrame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, bytes("shell exited"))));
    }

    private void assertClosedWith(byte[] input, int code) throws IOException {
        written.reset();
        WebSocketConnection connection = connection(input);

        assertThat(connection.read()).isNull();

        assertThat(connection.closeCode()).isEqualTo(code);
        byte[] out = written.toByteArray();
        assertThat(out[0]).isEqualTo((byte) 0x88);
        assertThat(((out[2] & 0xFF) << 8) | (out[3] & 0xFF)).isEqualTo(code);
    }

    private WebSocketConnection connection(byte[] input) {
        return new WebSocketConnection(new ByteArrayInputStream(input), written, maxMessage);
    }

    /** A client frame: masked, as RFC 6455 requires of clients. */
    static byte[] frame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        writeLength(out, payload.length, 0x80);
        out.writeBytes(MASK);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= MASK[i & 3];
        }
        out.writeBytes(masked);
        return out.toByteArray();
    }

    static byte[] frame(int first, String payload) {
        return frame(first, bytes(payload));
    }

    private static byte[] serverFrame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        writeLength(out, payload.length, 0);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length, int maskBit) {
        if (length < 126) {
            out.write(maskBit | length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        bytes[length - 1] = (byte) 'y';
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
