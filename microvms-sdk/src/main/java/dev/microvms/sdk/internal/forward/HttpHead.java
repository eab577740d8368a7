package dev.microvms.sdk.internal.forward;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The head of an HTTP/1.1 message: the start line and the header fields in their order, read up to the
 * empty line and written back the same way. Bounded, so a client cannot make it hold unlimited memory.
 */
final class HttpHead {
    static final int MAX_HEAD = 64 * 1024;

    final String startLine;
    final List<String[]> headers;

    private HttpHead(String startLine, List<String[]> headers) {
        this.startLine = startLine;
        this.headers = headers;
    }

    /**
     * @param in the connection
     * @return the head, or null when the connection ended before one began
     * @throws IOException when it is not HTTP or too long
     */
    static @Nullable HttpHead read(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        List<String> lines = new ArrayList<>();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (lines.isEmpty() && line.length() == 0) {
                    return null;
                }
                throw new IOException("the connection ended inside an HTTP head");
            }
            if (++total > MAX_HEAD) {
                throw new IOException("an HTTP head longer than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                if (line.length() == 0) {
                    if (lines.isEmpty()) {
                        continue; // a stray CRLF between messages, which RFC 9112 says to ignore
                    }
                    break;
                }
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
        List<String[]> headers = new ArrayList<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("a header line without a name: " + h);
            }
            headers.add(new String[] {
                h.substring(0, colon).trim(), h.substring(colon + 1).trim()
            });
        }
        return new HttpHead(lines.get(0), headers);
    }

    /** @return the first value of a header, or null */
    @Nullable
    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** @return whether a comma-separated header holds a token, ignoring case */
    boolean hasToken(String name, String token) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                for (String part : h[1].split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    void remove(String name) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    }

    void set(String name, String value) {
        remove(name);
        headers.add(new String[] {name, value});
    }

    /** @return the status of a response head */
    int status() throws IOException {
        String[] parts = startLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP status line: " + startLine, e);
        }
    }

    /** @return the method of a request head */
    String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space);
    }

    /** @return whether the message is HTTP/1.0 */
    boolean http10() {
        return startLine.toUpperCase(Locale.ROOT).contains("HTTP/1.0");
    }

    /** @return the Content-Length, or -1 when there is none */
    long contentLength() throws IOException {
        String value = header("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IOException("Content-Length is not a length: " + value);
    }

    /** @return whether the body is chunked */
    boolean chunked() {
        return hasToken("Transfer-Encoding", "chunked");
    }

    void write(OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder(startLine).append("\r\n");
        for (String[] h : headers) {
            b.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        out.write(b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
