package dev.microvms.emulator.proxy;

import static dev.microvms.emulator.proxy.ProxyHarness.readRequest;
import static dev.microvms.emulator.proxy.ProxyHarness.readResponse;
import static dev.microvms.emulator.proxy.ProxyHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.core.Admission;
import dev.microvms.emulator.core.EndpointGate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What endpoints cost: no thread each, ended MicroVMs' endpoints answering 502 within a bound, and every
 * thread and descriptor given back when endpoints close (the reliability review's F11).
 */
class EndpointServerTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\n\r\n";

    @Test
    void endpoints_manyOpenAndUsedThenClosed_giveBackEveryThreadAndDescriptor() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness()) {
            exchange(proxy, proxy.endpoint); // the loop and its pools exist from here on
            long threads = threads();
            long fds = descriptors();

            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Endpoint e = proxy.server.open("microvm-" + i, proxy.endpointGate(), proxy::guest);
                endpoints.add(e);
                exchange(proxy, e);
            }
            assertThat(threads()).isLessThanOrEqualTo(threads + 4); // no thread per endpoint

            endpoints.forEach(Endpoint::retire);
            endpoints.forEach(Endpoint::close);

            eventually(EndpointServerTest::threads, threads);
            eventually(EndpointServerTest::descriptors, fds);
        }
    }

    @Test
    void retired_answer502WithoutAThread_andTheOldestCloseBeyondTheBound() throws Exception {
        ProxyHarness proxy =
                new ProxyHarness(new EndpointServer.Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), 100, 3));
        try (proxy) {
            EndpointGate ended = new EndpointGate() {
                @Override
                public Admission admit(String id, @Nullable String token, @Nullable Integer port, boolean ws) {
                    return Admission.Refuse.UNREACHABLE;
                }

                @Override
                public boolean resume(String id) {
                    return false;
                }

                @Override
                public void activity(String id) {}
            };
            exchange(proxy, proxy.endpoint);
            long threads = threads();
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Endpoint e = proxy.server.open("microvm-ended-" + i, ended, () -> null);
                e.retire();
                endpoints.add(e);
            }

            for (Endpoint e : endpoints.subList(2, 5)) {
                try (Socket client = connect(e)) {
                    send(client, GET);
                    ProxyHarness.Message m = readResponse(client);
                    assertThat(m.status()).isEqualTo(502);
                    assertThat(m.body()).isEmpty();
                }
            }
            assertThat(threads()).isLessThanOrEqualTo(threads);
            for (Endpoint e : endpoints.subList(0, 2)) {
                eventually(() -> refuses(e) ? 0 : 1, 0);
                assertThatThrownBy(() -> connect(e).close()).isInstanceOf(ConnectException.class);
            }
        }
    }

    private static boolean refuses(Endpoint e) {
        try {
            connect(e).close();
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static void exchange(ProxyHarness proxy, Endpoint e) throws Exception {
        try (Socket client = connect(e)) {
            send(client, GET);
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                assertThat(readResponse(client).status()).isEqualTo(200);
            }
        }
    }

    private static Socket connect(Endpoint e) throws IOException {
        return ProxyHarness.connect(e);
    }

    /** Waits until the count is back to what it was (idle pool threads end after a few seconds). */
    private static void eventually(LongSupplier count, long atMost) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count.getAsLong() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count.getAsLong()).isLessThanOrEqualTo(atMost);
    }

    private static long threads() {
        return Thread.getAllStackTraces().size();
    }

    private static long descriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
