package dev.microvms.emulator.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Relays HTTP/1.1 message bodies as they arrive, without buffering them whole: by Content-Length, by
 * chunks (kept as chunks, so streams such as SSE stay streams), or until the sender closes. What has been
 * written is flushed before any read that could block, so nothing waits in a buffer while the sender is
 * quiet, and what arrives together leaves together.
 */
final class Bodies {
    /** Also the largest answer held whole before it is passed on. */
    static final int BUFFER = 16 * 1024;

    private static final int MAX_LINE = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private Bodies() {}

    /** Relays exactly {@code length} bytes; the last ones are left for the caller to flush. */
    static void fixed(HttpInput in, OutputStream out, long length) throws IOException {
        fixed(in, out, length, true);
    }

    /**
     * Relays exactly {@code length} bytes; the last ones are left for the caller to flush.
     *
     * @param flushWhileWaiting false to hold what was written until the whole body has arrived, as
     *     reverse proxies buffer small answers: the head and the body then leave in one write
     */
    static void fixed(HttpInput in, OutputStream out, long length, boolean flushWhileWaiting) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            if (flushWhileWaiting) {
                flushBeforeBlocking(in, out);
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the body ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Relays a chunked body, chunk by chunk, up to and including its trailers. */
    static void chunked(HttpInput in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (true) {
            flushBeforeBlocking(in, out);
            String sizeLine = line(in);
            writeLine(out, sizeLine);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a chunk size is not hexadecimal: '" + sizeLine + "'", e);
            }
            if (size == 0) {
                String trailer;
                do {
                    flushBeforeBlocking(in, out);
                    trailer = line(in);
                    writeLine(out, trailer);
                } while (!trailer.isEmpty());
                return;
            }
            long left = size;
            while (left > 0) {
                flushBeforeBlocking(in, out);
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("a chunk ended early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            flushBeforeBlocking(in, out);
            line(in);
            out.write(CRLF);
        }
    }

    /** Relays until the sender closes, then flushes. */
    static void untilClose(HttpInput in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (true) {
            flushBeforeBlocking(in, out);
            int n = in.read(buffer);
            if (n < 0) {
                out.flush();
                return;
            }
            out.write(buffer, 0, n);
        }
    }

    /** When the next read must wait for the connection, what has been written goes out first. */
    static void flushBeforeBlocking(HttpInput in, OutputStream out) throws IOException {
        if (in.buffered() == 0) {
            out.flush();
        }
    }

    private static String line(HttpInput in) throws IOException {
        String line = in.readLine(MAX_LINE);
        if (line == null) {
            throw new IOException("the connection closed inside a chunked body");
        }
        return line;
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
    }
}
