package dev.microvms.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The aws-chunked decoder, fed in pieces of every size, as bytes arrive from a socket. */
class AwsChunkedTest {
    private static final String SIGNED = "5;chunk-signature=" + "a".repeat(64) + "\r\nhello\r\n"
            + "6;chunk-signature=" + "b".repeat(64) + "\r\n world\r\n"
            + "0;chunk-signature=" + "c".repeat(64) + "\r\n\r\n";
    private static final String WITH_TRAILER =
            "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\nx-amz-trailer-signature:" + "d".repeat(64) + "\r\n\r\n";

    @Test
    void signedChunks_decodeToTheirPayload_howeverTheBytesArrive() throws IOException {
        for (int piece = 1; piece <= SIGNED.length(); piece++) {
            assertThat(decode(SIGNED, piece)).as("pieces of %d", piece).isEqualTo("hello world");
        }
    }

    @Test
    void trailers_areReadAndLeftOut() throws IOException {
        for (int piece = 1; piece <= WITH_TRAILER.length(); piece++) {
            assertThat(decode(WITH_TRAILER, piece)).isEqualTo("abc");
        }
    }

    @Test
    void aBodyThatStopsInsideAChunk_isMalformed() {
        assertThatThrownBy(() -> decode("5\r\nhel", 3))
                .isInstanceOf(AwsChunked.Malformed.class)
                .hasMessageContaining("ends inside a chunk");
    }

    @Test
    void aChunkLongerThanItsSize_isMalformed() {
        assertThatThrownBy(() -> decode("2\r\nabc\r\n0\r\n\r\n", 100))
                .isInstanceOf(AwsChunked.Malformed.class)
                .hasMessageContaining("longer than its size");
    }

    @Test
    void aSizeThatIsNotHex_isMalformed() {
        assertThatThrownBy(() -> decode("zz\r\nab\r\n0\r\n\r\n", 100))
                .isInstanceOf(AwsChunked.Malformed.class)
                .hasMessageContaining("'zz' is not a chunk size");
    }

    @Test
    void anEndlessSizeLine_isMalformed() {
        assertThatThrownBy(() -> decode("1".repeat(10_000), 1000))
                .isInstanceOf(AwsChunked.Malformed.class)
                .hasMessageContaining("longer than 4096 bytes");
    }

    private static String decode(String body, int piece) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AwsChunked decoder = new AwsChunked(bytes -> {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            out.write(b);
        });
        byte[] all = body.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < all.length; i += piece) {
            decoder.feed(ByteBuffer.wrap(all, i, Math.min(piece, all.length - i)));
        }
        decoder.finish();
        return out.toString(StandardCharsets.UTF_8);
    }
}
