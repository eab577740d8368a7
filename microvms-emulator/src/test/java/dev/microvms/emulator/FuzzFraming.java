package dev.microvms.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Requests whose HTTP framing is broken, for the fuzz test: bad and lying chunk sizes, bodies that stop
 * short, conflicting lengths, oversized heads, bytes that are not HTTP at all. Each is sent on a
 * connection of its own, which the client then stops sending on.
 */
final class FuzzFraming {
    /** Bytes to send, and what they are. */
    record Case(byte[] bytes, String what) {}

    private static final List<String> PATHS = List.of(
            "/2025-09-09/microvms",
            "/2025-09-09/microvm-images",
            "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Amicrovm-image%3Afuzz",
            "/fuzz-bucket/key",
            "/_emulator/health");

    private final Random random;

    FuzzFraming(Random random) {
        this.random = random;
    }

    /** @return the next broken request */
    Case next() {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        String method = path.startsWith("/fuzz-bucket") ? "PUT" : "POST";
        String line = method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        switch (random.nextInt(16)) {
            case 0:
                return text(
                        line + "Transfer-Encoding: chunked\r\n\r\n" + hex() + "\r\n{}\r\n0\r\n\r\n", "bad chunk size");
            case 1:
                return text(
                        line + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}}}}\r\n0\r\n\r\n",
                        "chunk longer than its size");
            case 2:
                return text(line + "Transfer-Encoding: chunked\r\n\r\n10\r\n{}", "chunked body cut short");
            case 3:
                return text(line + "Content-Length: 100\r\n\r\n{\"name\":", "body shorter than its Content-Length");
            case 4:
                return text(
                        line + "Content-Length: 2\r\n\r\n{}GET /2025-09-09/microvms HTTP/1.1\r\nHost: x\r\n\r\n",
                        "a second request after a short body");
            case 5:
                return text(
                        line + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                        "Content-Length and Transfer-Encoding");
            case 6:
                return text(line + "Content-Length: 2\r\nContent-Length: 30\r\n\r\n{}", "two Content-Lengths");
            case 7:
                return text(line + "Content-Length: -1\r\n\r\n{}", "negative Content-Length");
            case 8:
                return text(
                        line + "Transfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n{}", "unknown transfer coding");
            case 9:
                return text(
                        line + "X-Big: " + "a".repeat(70_000 + random.nextInt(10_000)) + "\r\n\r\n",
                        "oversized header");
            case 10:
                StringBuilder many = new StringBuilder(line);
                for (int i = 0; i < 10_000; i++) {
                    many.append("X-H").append(i).append(": v\r\n");
                }
                return text(many + "\r\n", "10,000 headers");
            case 11:
                return text(
                        method + " /2025-09-09/microvm-images/" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                        "oversized URI");
            case 12:
                byte[] noise = new byte[1 + random.nextInt(4000)];
                random.nextBytes(noise);
                return new Case(noise, "random bytes");
            case 13:
                return text("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "an HTTP/2 preface");
            case 14:
                return text(method + " " + path + " HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}", "bare LF line ends");
            default:
                return text(
                        method + " " + path + " HTTP/1.1\r\nHost: x\r\nX-Bad\u0000: v\r\nBad Header\r\n\r\n",
                        "malformed header lines");
        }
    }

    private String hex() {
        return List.of("zz", "-1", "ffffffffffffffffff", "1;" + "x".repeat(5000), "")
                .get(random.nextInt(5));
    }

    private static Case text(String text, String what) {
        return new Case(text.getBytes(StandardCharsets.ISO_8859_1), what);
    }
}
