package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability review's F11: MicroVMs run and terminated one after another must give back the
 * emulator's threads and descriptors. A terminated MicroVM's endpoint still answers 502, as recorded, but
 * without a thread; only the most recent ended endpoints keep a listening socket, and none once forgotten.
 */
class EndpointLeaksIT {
    private static final int RUNS = 30;

    @TempDir
    static Path state;

    private static final MutableClock CLOCK = new MutableClock();
    private static Emulator emulator;
    private static LambdaMicrovmsClient client;
    private static String image;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .clock(CLOCK)
                .limits(new MicrovmService.Limits(1_000_000, 1_000, Duration.ofDays(1)))
                .start();
        client = EmulatorApiIT.client(emulator);
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "small.zip", TestApps.smallApp(), "application/zip");
        String arn = client.createMicrovmImage(EmulatorApiIT.image("small")
                        .codeArtifact(CodeArtifact.uri("s3://artifacts/small.zip"))
                        .build())
                .imageArn();
        EmulatorApiIT.await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() == MicrovmImageState.CREATED);
        image = arn;
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void runAndTerminate_manyTimes_threadsAndDescriptorsReturn() throws Exception {
        runCallTerminate(); // the first run starts what every later one shares (the proxy's loop, pools)
        long threads = settled(EndpointLeaksIT::threads);
        long fds = settled(EndpointLeaksIT::descriptors);

        for (int i = 0; i < RUNS; i++) {
            runCallTerminate();
        }

        // No thread per MicroVM, running or ended (a pool's idle threads may take a moment to go).
        eventually(EndpointLeaksIT::threads, threads + 4);
        // Listening sockets for the 16 most recently ended endpoints at most, each still answering 502.
        eventually(EndpointLeaksIT::descriptors, fds + 16 + 4);

        CLOCK.advance(Duration.ofDays(1).plusSeconds(1)); // past the retention: forgotten
        emulator.controlPlane().microvms().tick();
        eventually(EndpointLeaksIT::descriptors, fds);
        eventually(EndpointLeaksIT::threads, threads);
    }

    /** Runs a MicroVM, calls its endpoint, terminates it, and calls the ended endpoint. */
    private static void runCallTerminate() throws IOException {
        String id = client.runMicrovm(
                        RunMicrovmRequest.builder().imageIdentifier(image).build())
                .microvmId();
        GetMicrovmResponse vm = awaitState(id, MicrovmState.RUNNING);
        assertThat(vm.state()).as(String.valueOf(vm.stateReason())).isEqualTo(MicrovmState.RUNNING);
        String token = client.createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                        .microvmIdentifier(id)
                        .expirationInMinutes(60)
                        .allowedPorts(AllowedPort.port(8080))
                        .build())
                .token();
        assertThat(call(vm.endpoint(), token)).startsWith("HTTP/1.1 200 ").endsWith("ok\n");

        client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
        GetMicrovmResponse ended = awaitState(id, MicrovmState.TERMINATED);

        assertThat(ended.endpoint()).isEqualTo(vm.endpoint());
        assertThat(call(vm.endpoint(), token)).startsWith("HTTP/1.1 502 ").endsWith("\r\n\r\n");
    }

    private static GetMicrovmResponse awaitState(String id, MicrovmState state) {
        return EmulatorApiIT.await(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == state || m.state() == MicrovmState.TERMINATED);
    }

    /** One request on a connection of its own, closed after: no client-side connection stays open. */
    private static String call(String endpoint, String token) throws IOException {
        int colon = endpoint.lastIndexOf(':');
        try (Socket s = new Socket(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)))) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: " + token + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** @return the count once it has stayed the same for a second (work of the last run is settling) */
    private static long settled(LongSupplier count) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 30; i++) {
            long now = count.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(1000);
        }
        return last;
    }

    /** Waits until the count is at most {@code atMost}: idle pool threads and closed sockets go in a moment. */
    private static void eventually(LongSupplier count, long atMost) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (count.getAsLong() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(200);
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
            throw new UncheckedIOException(e);
        }
    }
}
