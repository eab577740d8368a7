package dev.microvms.sdk.internal.sandbox;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a terminal's output into lines at {@code \n}, dropping a {@code \r} before it (in case the
 * terminal still translates newlines). A line longer than the limit is a protocol error, not a reason to
 * run out of memory.
 */
final class ShellLines {
    private final InputStream in;
    private final int maxLine;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private final StringBuilder noise = new StringBuilder();

    ShellLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * @return the next line, without its end
     * @throws EOFException when the output ends first
     */
    byte[] next() throws IOException {
        byte[] line = new byte[256];
        int length = 0;
        while (true) {
            if (start == end) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new EOFException("the shell's output ended");
                }
                start = 0;
                end = n;
            }
            int newline = -1;
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int stop = newline < 0 ? end : newline;
            int count = stop - start;
            if (length + count > maxLine) {
                throw new IOException("the shell sent a line longer than " + maxLine + " bytes");
            }
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(buffer, start, line, length, count);
            length += count;
            start = stop;
            if (newline >= 0) {
                start++;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return Arrays.copyOf(line, length);
            }
        }
    }

    /** Remembers the tail of what was not a record, for messages. */
    void noise(byte[] line) {
        noise.append(new String(line, java.nio.charset.StandardCharsets.UTF_8)).append('\n');
        if (noise.length() > 2000) {
            noise.delete(0, noise.length() - 2000);
        }
    }

    /** @return the last noise seen */
    String noise() {
        return noise.toString();
    }
}
