package dev.microvms.emulator.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Relays HTTP/1.1 message bodies as they arrive, without buffering them whole: by Content-Length, by
 * chunks (kept as chunks, so streams such as SSE stay streams), or until the sender closes. Every read is
 * written and flushed at once.
 */
final class Bodies {
    private static final int BUFFER = 16 * 1024;

    private Bodies() {}

    /** Relays exactly {@code length} bytes. */
    static void fixed(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the body ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            out.flush();
            left -= n;
        }
    }

    /** Relays a chunked body, chunk by chunk, up to and including its trailers. */
    static void chunked(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (true) {
            String sizeLine = line(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = line(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                out.flush();
                return;
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("a chunk ended early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            line(in);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    /** Relays until the sender closes. */
    static void untilClose(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside a chunked body");
            }
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }
}
