package dev.microvms.guest;

import static dev.microvms.guest.GuestHttp.post;
import static dev.microvms.guest.GuestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listener itself: paths, methods, body limits, binding, start and close. */
class MicrovmGuestListenerTest {
    private static final String PREFIX = GuestHttp.PREFIX;

    private final GuestHttp http = new GuestHttp();

    @AfterEach
    void closeGuests() {
        http.close();
    }

    private MicrovmGuest start(MicrovmGuest.Builder builder) {
        return http.start(builder);
    }

    // HTTP edges

    @ParameterizedTest
    @ValueSource(
            strings = {
                PREFIX + "restart",
                PREFIX + "READY",
                PREFIX + "ready/",
                PREFIX,
                "/aws/lambda-microvms/runtime/v2/ready",
                "/ready",
                "/"
            })
    void post_unknownHook_answers404ListingTheHooks(String path) throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder());
        guest.markReady();

        HttpResponse<String> response = send(guest, "POST", path, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("ready, validate, run, resume, suspend, terminate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void otherMethod_onAHook_answers405WithAllowPost(String method) throws Exception {
        AtomicInteger suspends = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onSuspend(suspends::incrementAndGet));

        HttpResponse<String> response = send(guest, method, PREFIX + "suspend", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(suspends).hasValue(0);
    }

    @Test
    void post_bodyOverTheLimit_answers413AndTheNextCallWorks() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onRun(run -> runs.incrementAndGet()));
        byte[] huge = new byte[200 * 1024];

        HttpResponse<String> tooBig = send(guest, "POST", PREFIX + "run", huge);
        HttpResponse<String> next = post(guest, "run", "{\"microvmId\":\"microvm-1\"}");

        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(runs).hasValue(1);
    }

    // start and close

    @Test
    void start_portInUse_failsNamingThePortAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            MicrovmGuest.Builder builder =
                    MicrovmGuest.builder().bindAddress("127.0.0.1").port(port);

            assertThatThrownBy(builder::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("port " + port + " is already in use")
                    .hasMessageContaining("MicrovmGuest.builder().port(n)");
        }
    }

    @Test
    void start_byDefault_bindsAllInterfaces() {
        MicrovmGuest guest = MicrovmGuest.builder().port(0).start();
        http.track(guest);

        assertThat(guest.address().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(guest.port()).isPositive();
    }

    @Test
    void builder_portOutOfRange_isRefused() {
        assertThatThrownBy(() -> MicrovmGuest.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, got 70000");
    }

    @Test
    void close_releasesAwaitTerminationAndFreesThePort() throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder());
        int port = guest.port();

        guest.close();
        guest.close();

        assertThat(guest.awaitTermination(Duration.ZERO)).isTrue();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void close_fromInsideAHandler_isRefusedWithA500() throws Exception {
        AtomicReference<MicrovmGuest> self = new AtomicReference<>();
        MicrovmGuest guest =
                start(MicrovmGuest.builder().onTerminate(() -> self.get().close()));
        self.set(guest);

        HttpResponse<String> response = post(guest, "terminate");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("IllegalStateException", "from inside a hook handler");
        assertThat(post(guest, "ready").statusCode()).isEqualTo(503);
    }
}
