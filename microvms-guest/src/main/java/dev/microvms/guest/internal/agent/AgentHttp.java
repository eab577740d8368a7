package dev.microvms.guest.internal.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One HTTP/1.1 request to the agent: its head, read within bounds, its query, and its body as a stream. */
final class AgentHttp {
    static final int MAX_HEAD = 32 * 1024;

    final String method;
    final String path;
    final Map<String, String> query;
    final boolean http10;
    private final List<String[]> headers;
    private @Nullable InputStream body;

    private AgentHttp(String method, String path, Map<String, String> query, boolean http10, List<String[]> headers) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.http10 = http10;
        this.headers = headers;
    }

    /** @return the next request, or null when the client closed the connection between requests */
    static @Nullable AgentHttp read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (lines.isEmpty() && line.length() == 0) {
                    return null;
                }
                throw new EOFException("the connection ended inside a request head");
            }
            if (++total > MAX_HEAD) {
                throw new IOException("a request head longer than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                    line.setLength(line.length() - 1);
                }
                if (line.length() == 0) {
                    if (lines.isEmpty()) {
                        continue;
                    }
                    break;
                }
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
        String[] start = lines.get(0).split(" ");
        if (start.length != 3) {
            throw new IOException("not an HTTP request line: " + lines.get(0));
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
        String target = start[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = new HashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new AgentHttp(start[0], path, query, start[2].equalsIgnoreCase("HTTP/1.0"), headers);
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

    boolean keepAlive() {
        return !http10 && !hasToken("Connection", "close");
    }

    /** @return the body, which must be read to its end before the next request; the same stream each time */
    InputStream body(InputStream in) throws IOException {
        if (body == null) {
            body = openBody(in);
        }
        return body;
    }

    private InputStream openBody(InputStream in) throws IOException {
        if (hasToken("Transfer-Encoding", "chunked")) {
            return new ChunkedInput(in);
        }
        String length = header("Content-Length");
        if (length == null) {
            return InputStream.nullInputStream();
        }
        long n;
        try {
            n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new IOException("Content-Length is not a number: " + length, e);
        }
        if (n < 0) {
            throw new IOException("Content-Length is negative: " + length);
        }
        return new FixedInput(in, n);
    }

    /** Writes a whole answer. */
    static void respond(OutputStream out, int status, String contentType, byte[] body, boolean close)
            throws IOException {
        head(out, status, contentType, body.length, close);
        out.write(body);
        out.flush();
    }

    /** Writes the head of an answer whose body follows. */
    static void head(OutputStream out, int status, String contentType, long length, boolean close) throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\nCache-Control: no-store\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void json(OutputStream out, int status, String json, boolean close) throws IOException {
        respond(out, status, "application/json", json.getBytes(StandardCharsets.UTF_8), close);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Status";
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    /** A body of a known length. */
    private static final class FixedInput extends InputStream {
        private final InputStream in;
        private long left;

        FixedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the body ended " + left + " bytes early");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body, its chunks joined. */
    private static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                int semicolon = size.indexOf(';');
                try {
                    left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("not a chunk size: " + size, e);
                }
                if (left == 0) {
                    while (!line().isEmpty()) {
                        // trailer fields: not used
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the chunked body ended early");
            }
            left -= n;
            if (left == 0 && !line().isEmpty()) {
                throw new IOException("a chunk not followed by CRLF");
            }
            return n;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("the chunked body ended early");
                }
                if (c == '\n') {
                    int end = b.length();
                    if (end > 0 && b.charAt(end - 1) == '\r') {
                        b.setLength(end - 1);
                    }
                    return b.toString();
                }
                if (b.length() > 4096) {
                    throw new IOException("a chunk line longer than 4 KB");
                }
                b.append((char) c);
            }
        }
    }
}
