package dev.microvms.sdk.internal.forward;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies HTTP/1.1 bodies as they are framed: by length, in chunks (verbatim, trailers too), or until close. */
final class Bodies {
    private static final int BUFFER = 16 * 1024;

    private Bodies() {}

    static void fixed(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the body ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    static void chunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = line(in);
            out.write((sizeLine + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + sizeLine, e);
            }
            if (size == 0) {
                // Trailer fields, then the empty line.
                while (true) {
                    String trailer = line(in);
                    out.write((trailer + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (trailer.isEmpty()) {
                        return;
                    }
                }
            }
            fixed(in, out, size);
            String end = line(in);
            if (!end.isEmpty()) {
                throw new IOException("a chunk not followed by CRLF");
            }
            out.write('\r');
            out.write('\n');
            out.flush();
        }
    }

    static void untilClose(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection ended inside a chunked body");
            }
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') {
                    b.setLength(end - 1);
                }
                return b.toString();
            }
            if (b.length() > 8192) {
                throw new IOException("a chunk line longer than 8 KB");
            }
            b.append((char) c);
        }
    }
}
