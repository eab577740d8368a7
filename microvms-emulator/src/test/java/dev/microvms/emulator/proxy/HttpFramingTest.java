package dev.microvms.emulator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HttpInput, HttpHead and Bodies on scripted streams: what is read, what is relayed, when it is flushed. */
class HttpFramingTest {

    @Test
    void readHead_splitAcrossReads_keepsTheBodyForTheRelay() throws IOException {
        HttpInput in = new HttpInput(
                new Trickle("GET /ticks HTTP/1.1\r", "\nHost: x\r\nContent-Length: 5\r\n", "\r\nhello", "GET"));

        HttpHead head = HttpHead.read(in);

        assertThat(head).isNotNull();
        assertThat(head.startLine).isEqualTo("GET /ticks HTTP/1.1");
        assertThat(head.header("content-length")).isEqualTo("5");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Bodies.fixed(in, body, 5);
        assertThat(body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello");
        assertThat(in.read()).isEqualTo('G');
    }

    @Test
    void readHead_strayCrlfBeforeTheMessage_isSkipped() throws IOException {
        HttpHead head = HttpHead.read(input("\r\nGET / HTTP/1.1\r\nA: b\r\n\r\n"));

        assertThat(head.startLine).isEqualTo("GET / HTTP/1.1");
        assertThat(head.header("A")).isEqualTo("b");
    }

    @Test
    void readHead_endOfStream_isNullBeforeAMessageAndAnErrorInsideOne() throws IOException {
        assertThat(HttpHead.read(input(""))).isNull();
        assertThatThrownBy(() -> HttpHead.read(input("GET / HTTP/1.1\r\nHost: x\r\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed inside");
    }

    @Test
    void readHead_largerThanTheLimit_isRefused() {
        String huge = "GET / HTTP/1.1\r\n" + ("X-Filler: " + "a".repeat(1000) + "\r\n").repeat(70) + "\r\n";

        assertThatThrownBy(() -> HttpHead.read(input(huge)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void readLine_longerThanTheBuffer_growsTheBuffer() throws IOException {
        String value = "v".repeat(40_000);

        HttpHead head = HttpHead.read(input("GET / HTTP/1.1\r\nBig: " + value + "\r\n\r\n"));

        assertThat(head.header("Big")).isEqualTo(value);
    }

    @Test
    void fixed_bodyArrivingInPieces_flushesBeforeEachWaitOnly() throws IOException {
        HttpInput in = new HttpInput(new Trickle("abc", "def", "g"));
        CountingOutput out = new CountingOutput();

        Bodies.fixed(in, out, 7);

        assertThat(out.text()).isEqualTo("abcdefg");
        // Before the first read (nothing written yet), before "def", before "g"; the last bytes wait for
        // the caller's own flush.
        assertThat(out.flushedAt).containsExactly(0, 3, 6);
    }

    @Test
    void fixed_bodyAlreadyBuffered_isNotFlushedPiecemeal() throws IOException {
        HttpInput in = input("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        HttpHead.read(in);
        CountingOutput out = new CountingOutput();

        Bodies.fixed(in, out, 5);

        assertThat(out.text()).isEqualTo("hello");
        assertThat(out.flushedAt).isEmpty();
    }

    @Test
    void chunked_sseStream_relaysEachEventBeforeWaitingForTheNext() throws IOException {
        HttpInput in = new HttpInput(new Trickle("7\r\ndata: 1\r\n", "7\r\ndata: 2\r\n", "0\r\n\r\n"));
        CountingOutput out = new CountingOutput();

        Bodies.chunked(in, out);

        assertThat(out.text()).isEqualTo("7\r\ndata: 1\r\n7\r\ndata: 2\r\n0\r\n\r\n");
        assertThat(out.flushedAt).contains(12, 24);
    }

    @Test
    void chunked_badSize_saysWhatItRead() {
        assertThatThrownBy(() -> Bodies.chunked(input("zz\r\n"), new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'zz'");
    }

    @Test
    void fixed_senderClosesEarly_saysHowManyBytesAreMissing() {
        assertThatThrownBy(() -> Bodies.fixed(input("abc"), new ByteArrayOutputStream(), 10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("7 bytes early");
    }

    private static HttpInput input(String text) {
        return new HttpInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Gives one piece per read, as a socket gives what has arrived. */
    private static final class Trickle extends InputStream {
        private final List<byte[]> pieces = new ArrayList<>();

        Trickle(String... pieces) {
            for (String p : pieces) {
                this.pieces.add(p.getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("reads are buffered");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pieces.isEmpty()) {
                return -1;
            }
            byte[] piece = pieces.remove(0);
            if (piece.length > len) {
                throw new IllegalStateException("a piece larger than the read");
            }
            System.arraycopy(piece, 0, b, off, piece.length);
            return piece.length;
        }
    }

    /** Records how many bytes had been written at each flush. */
    private static final class CountingOutput extends ByteArrayOutputStream {
        final List<Integer> flushedAt = new ArrayList<>();

        @Override
        public void flush() {
            flushedAt.add(size());
        }

        String text() {
            return toString(StandardCharsets.ISO_8859_1);
        }
    }
}
