package dev.microvms.emulator.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A buffered input for HTTP/1.1 framing: lines (of heads and chunk sizes) are found by scanning the
 * buffer rather than read a byte at a time, and {@link #buffered()} tells a relay whether its next read
 * could block, so it flushes only then. One reader per connection: not thread-safe.
 */
final class HttpInput extends InputStream {
    private static final int SIZE = 16 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[SIZE];
    private int position;
    private int limit;

    HttpInput(InputStream in) {
        this.in = in;
    }

    /** @return how many bytes can be read without touching the connection */
    int buffered() {
        return limit - position;
    }

    /**
     * @param max the longest line accepted, its CRLF included
     * @return the next line without its line end, or null when the stream ends before its first byte
     * @throws IOException when the stream ends inside the line or the line is longer than {@code max}
     */
    @Nullable
    String readLine(int max) throws IOException {
        int scanned = position;
        while (true) {
            for (; scanned < limit; scanned++) {
                if (buffer[scanned] == '\n') {
                    int end = scanned > position && buffer[scanned - 1] == '\r' ? scanned - 1 : scanned;
                    String line = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = scanned + 1;
                    return line;
                }
            }
            if (limit - position >= max) {
                throw new IOException("an HTTP line is longer than " + max + " bytes");
            }
            int kept = limit - position;
            scanned -= position;
            if (fill() < 0) {
                if (kept == 0) {
                    return null;
                }
                throw new IOException("the connection closed inside an HTTP line");
            }
        }
    }

    @Override
    public int read() throws IOException {
        if (position == limit && fill() < 0) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            if (len >= buffer.length) {
                return in.read(b, off, len); // large reads skip the copy
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return buffered() > 0 ? buffered() : in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Moves what is left to the front (growing the buffer when it is full) and reads once. */
    private int fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }
}
