package dev.microvms.guest.bench;

import dev.microvms.guest.MicrovmGuest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * How fast the guest answers its first 200: the time from {@code start()} to the first 200 on {@code ready},
 * cold (first start in a fresh JVM, class loading included) and warm (median of later starts), plus the time
 * {@code close()} takes. The client is a raw socket, so the figures are the guest's, not an HTTP client's
 * start-up. Run it in a fresh JVM:
 *
 * <pre>{@code
 * mvn -B -q -f microvms-guest/pom.xml test-compile
 * java -cp microvms-guest/target/classes:microvms-guest/target/test-classes \
 *     dev.microvms.guest.bench.GuestStartBenchmark
 * }</pre>
 */
public final class GuestStartBenchmark {
    private static final int WARM_RUNS = 50;

    private GuestStartBenchmark() {}

    public static void main(String[] args) throws IOException {
        // Nothing runs before the cold start, so it pays all of its own class loading and lambda bootstrap.
        long[] cold = startToFirstOk();
        long coldUptime = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime()
                - Math.round(cold[1] / 1e6);
        long[] warmStart = new long[WARM_RUNS];
        long[] warmClose = new long[WARM_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            long[] run = startToFirstOk();
            warmStart[i] = run[0];
            warmClose[i] = run[1];
        }
        System.out.printf(
                Locale.ROOT,
                "start() to first 200 on ready: cold %.1f ms (JVM uptime at that point %d ms), warm median %.2f ms"
                        + " (p90 %.2f ms, %d runs)%n",
                cold[0] / 1e6,
                coldUptime,
                percentile(warmStart, 50) / 1e6,
                percentile(warmStart, 90) / 1e6,
                WARM_RUNS);
        System.out.printf(
                Locale.ROOT,
                "close(): cold %.1f ms, warm median %.2f ms%n",
                cold[1] / 1e6,
                percentile(warmClose, 50) / 1e6);
    }

    /** Nanoseconds from start() to the first 200, and for close(). */
    private static long[] startToFirstOk() throws IOException {
        long started = System.nanoTime();
        MicrovmGuest guest =
                MicrovmGuest.builder().bindAddress("127.0.0.1").port(0).start();
        guest.markReady();
        while (postReady(guest.port()) != 200) {
            Thread.onSpinWait();
        }
        long firstOk = System.nanoTime() - started;
        long closing = System.nanoTime();
        guest.close();
        return new long[] {firstOk, System.nanoTime() - closing};
    }

    private static int postReady(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /aws/lambda-microvms/runtime/v1/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] statusLine = new byte[12]; // "HTTP/1.1 200"
            int read = 0;
            while (read < statusLine.length) {
                int n = in.read(statusLine, read, statusLine.length - read);
                if (n < 0) {
                    throw new IOException("connection closed after " + read + " bytes");
                }
                read += n;
            }
            return Integer.parseInt(new String(statusLine, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    private static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }
}
