package dev.microvms.emulator.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The head of an HTTP/1.1 message (start line and headers), read line by line so that nothing of the
 * body is consumed, kept in order, and written back after the proxy's edits.
 */
final class HttpHead {
    private static final int MAX_HEAD = 64 * 1024;

    final String startLine;
    final List<String[]> headers;

    private HttpHead(String startLine, List<String[]> headers) {
        this.startLine = startLine;
        this.headers = headers;
    }

    /** @return the head, or null when the stream ended before a message began */
    static @Nullable HttpHead read(HttpInput in) throws IOException {
        List<String> lines = new ArrayList<>();
        int total = 0;
        while (true) {
            if (total >= MAX_HEAD) {
                throw new IOException("the HTTP head is larger than " + MAX_HEAD + " bytes");
            }
            String text = in.readLine(MAX_HEAD - total);
            if (text == null) {
                if (lines.isEmpty()) {
                    return null;
                }
                throw new IOException("the connection closed inside an HTTP head");
            }
            total += text.length() + 2;
            if (text.isEmpty()) {
                if (lines.isEmpty()) {
                    continue; // a stray CRLF between messages
                }
                break;
            }
            lines.add(text);
        }
        List<String[]> headers = new ArrayList<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {
                    h.substring(0, colon).trim(), h.substring(colon + 1).trim()
                });
            }
        }
        return new HttpHead(lines.get(0), headers);
    }

    @Nullable
    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    void remove(String name) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    }

    void set(String name, String value) {
        remove(name);
        headers.add(new String[] {name, value});
    }

    /** @return true when a header's comma-separated values hold the token, ignoring case */
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

    String method() {
        return startLine.split(" ", 2)[0].toUpperCase(Locale.ROOT);
    }

    /** @return the status of a response head */
    int status() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    boolean http10() {
        return startLine.endsWith("HTTP/1.0") || startLine.startsWith("HTTP/1.0");
    }

    void write(OutputStream out) throws IOException {
        StringBuilder s = new StringBuilder(startLine).append("\r\n");
        for (String[] h : headers) {
            s.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        s.append("\r\n");
        out.write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
