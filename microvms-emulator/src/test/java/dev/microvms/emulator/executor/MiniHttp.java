package dev.microvms.emulator.executor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Just enough HTTP/1.1 over a connected channel for the tests and the benchmark. */
final class MiniHttp {

    /** A response. */
    record Response(int status, String body) {}

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);

    MiniHttp(SocketChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /** Sends one GET on a fresh connection and closes it. */
    static Response get(SocketChannel channel, String path) throws IOException {
        try (channel) {
            return new MiniHttp(channel).request(path);
        }
    }

    /** Sends a keep-alive GET and reads its response by Content-Length. */
    Response request(String path) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            fill();
            int n = Math.min(in.remaining(), length - read);
            in.get(body, read, n);
            read += n;
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        int n = 0;
        while (n < 4 || head.charAt(n - 1) != '\n' || head.charAt(n - 2) != '\r' || head.charAt(n - 3) != '\n') {
            fill();
            head.append((char) in.get());
            n++;
        }
        return head.toString();
    }

    private void fill() throws IOException {
        if (in.hasRemaining()) {
            return;
        }
        in.clear();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
            throw new IOException("The server closed the connection mid-response");
        }
    }

    /** Retries an action until it succeeds (an app starting up), then returns its result. */
    static <T> T eventually(Duration timeout, Callable<T> action) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return action.call();
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }
}
