package dev.microvms.guest;

import static dev.microvms.guest.GuestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The six hooks over real HTTP on 127.0.0.1, with the JDK's HttpClient as the platform. */
class MicrovmGuestTest {
    private final GuestHttp http = new GuestHttp();

    @AfterEach
    void closeGuests() {
        http.close();
    }

    private MicrovmGuest start(MicrovmGuest.Builder builder) {
        return http.start(builder);
    }

    // ready and validate

    @Test
    void ready_beforeMarkReady_answers503ThenAfterMarkReady200() throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder());

        HttpResponse<String> before = post(guest, "ready");
        assertThat(guest.isReady()).isFalse();
        guest.markReady();
        HttpResponse<String> after = post(guest, "ready");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("not ready");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEmpty();
        assertThat(guest.isReady()).isTrue();
    }

    @Test
    void ready_withReadinessCheck_answers503UntilItReturnsTrueAndStaysReady() throws Exception {
        AtomicBoolean warm = new AtomicBoolean();
        MicrovmGuest guest = start(MicrovmGuest.builder().readiness(warm::get));

        int before = post(guest, "ready").statusCode();
        warm.set(true);
        int after = post(guest, "ready").statusCode();
        warm.set(false);
        int later = post(guest, "ready").statusCode();

        assertThat(List.of(before, after, later)).containsExactly(503, 200, 200);
    }

    @Test
    void ready_whenReadinessCheckThrows_answers500NamingTheHookAndTheError() throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder().readiness(() -> {
            throw new IllegalStateException("cache directory missing");
        }));

        HttpResponse<String> response = post(guest, "ready");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("ready hook failed: IllegalStateException: cache directory missing");
    }

    @Test
    void validate_beforeReady_answers503WithoutAskingTheCheck() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onValidate(() -> asked.incrementAndGet() > 0));

        HttpResponse<String> response = post(guest, "validate");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(asked).hasValue(0);
    }

    @Test
    void validate_withoutCheck_answers200OnceReady() throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder());

        int before = post(guest, "validate").statusCode();
        guest.markReady();
        int after = post(guest, "validate").statusCode();

        assertThat(List.of(before, after)).containsExactly(503, 200);
    }

    @Test
    void validate_withCheck_answers503UntilItPassesThen200() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        MicrovmGuest guest = start(MicrovmGuest.builder().onValidate(passed::get));
        guest.markReady();

        HttpResponse<String> before = post(guest, "validate");
        passed.set(true);
        HttpResponse<String> after = post(guest, "validate");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("validation");
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void validate_whenCheckThrows_answers500() throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder().onValidate(() -> {
            throw new IllegalStateException("self-test failed");
        }));
        guest.markReady();

        HttpResponse<String> response = post(guest, "validate");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("validate hook failed: IllegalStateException: self-test failed");
    }

    // run

    static Stream<Arguments> runBodies() {
        return Stream.of(
                Arguments.of(
                        "plain text",
                        "{\"microvmId\":\"microvm-1\",\"runHookPayload\":\"tenant-42\"}",
                        "microvm-1",
                        "tenant-42"),
                Arguments.of(
                        "JSON text with escapes",
                        "{\"microvmId\":\"microvm-2\",\"runHookPayload\":"
                                + "\"{\\\"tenant\\\":\\\"a\\\\\\\"b\\\",\\\"path\\\":\\\"C:\\\\\\\\tmp\\\",\\\"lines\\\":\\\"1\\\\n2\\\"}\"}",
                        "microvm-2",
                        "{\"tenant\":\"a\\\"b\",\"path\":\"C:\\\\tmp\",\"lines\":\"1\\n2\"}"),
                Arguments.of(
                        "control escapes",
                        "{\"microvmId\":\"microvm-3\",\"runHookPayload\":\"tab\\there\\r\\nnew\\/line\\b\\f\"}",
                        "microvm-3",
                        "tab\there\r\nnew/line\b\f"),
                Arguments.of(
                        "unicode escapes with a surrogate pair",
                        "{\"microvmId\":\"microvm-4\",\"runHookPayload\":\"caf\\u00e9 \\ud83d\\ude00 \\u4E2D\"}",
                        "microvm-4",
                        "caf\u00e9 \uD83D\uDE00 \u4E2D"),
                Arguments.of(
                        "raw UTF-8 with a character outside the BMP",
                        "{\"microvmId\":\"microvm-5\",\"runHookPayload\":\"h\u00e9llo \uD83D\uDE00\"}",
                        "microvm-5",
                        "h\u00e9llo \uD83D\uDE00"),
                Arguments.of("absent", "{\"microvmId\":\"microvm-6\"}", "microvm-6", null),
                Arguments.of("null", "{\"microvmId\":\"microvm-7\",\"runHookPayload\":null}", "microvm-7", null),
                Arguments.of("empty string", "{\"microvmId\":\"microvm-8\",\"runHookPayload\":\"\"}", "microvm-8", ""),
                Arguments.of(
                        "other members, nested and in any order, are skipped",
                        " {\n \"extra\" : {\"a\": [1, -2.5e3, {\"b\": \"}\\\"]\"}], \"c\": [[]]},\n"
                                + " \"runHookPayload\" : \"x\", \"flag\": true, \"none\": null,"
                                + " \"microvmId\" : \"microvm-9\" }\n",
                        "microvm-9",
                        "x"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("runBodies")
    void run_payload_isUnwrappedAndTheMicrovmIdKept(
            String description, String body, String microvmId, @Nullable String payload) throws Exception {
        List<RunContext> runs = new CopyOnWriteArrayList<>();
        MicrovmGuest guest = start(MicrovmGuest.builder().onRun(runs::add));

        HttpResponse<String> response = post(guest, "run", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(runs).containsExactly(new RunContext(microvmId, payload));
        assertThat(guest.microvmId()).contains(microvmId);
    }

    @Test
    void microvmId_beforeRun_isEmpty() {
        MicrovmGuest guest = start(MicrovmGuest.builder());

        assertThat(guest.microvmId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[\"microvm-1\"]",
                "{\"runHookPayload\":\"x\"}",
                "{\"microvmId\":\"\"}",
                "{\"microvmId\":\"microvm-1\",\"runHookPayload\":{\"tenant\":\"a\"}}",
                "{\"microvmId\":\"microvm-1\",\"runHookPayload\":\"unterminated}"
            })
    void run_malformedBody_answers400AndDoesNotRunTheHandler(String body) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onRun(run -> runs.incrementAndGet()));

        HttpResponse<String> response = post(guest, "run", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).containsAnyOf("run hook body", "runHookPayload");
        assertThat(runs).hasValue(0);
        assertThat(guest.microvmId()).isEmpty();
    }

    @Test
    void run_handlerThrows_answers500NamingTheHookAndTheNextCallWorks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onRun(run -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("database unreachable\nat 10.0.0.5");
            }
        }));
        String body = "{\"microvmId\":\"microvm-1\",\"runHookPayload\":\"p\"}";

        HttpResponse<String> failed = post(guest, "run", body);
        HttpResponse<String> next = post(guest, "run", body);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("run hook failed: IOException: database unreachable at 10.0.0.5");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(calls).hasValue(2);
    }

    // suspend, resume, terminate

    @Test
    void suspend_calledTwice_runsTheHandlerOnceAndAgainAfterResume() throws Exception {
        AtomicInteger suspends = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        MicrovmGuest guest = start(
                MicrovmGuest.builder().onSuspend(suspends::incrementAndGet).onResume(resumes::incrementAndGet));

        List<Integer> statuses = new ArrayList<>();
        statuses.add(post(guest, "suspend").statusCode());
        statuses.add(post(guest, "suspend").statusCode());
        int suspendsBeforeResume = suspends.get();
        statuses.add(post(guest, "resume").statusCode());
        statuses.add(post(guest, "suspend").statusCode());

        assertThat(statuses).containsExactly(200, 200, 200, 200);
        assertThat(suspendsBeforeResume).isEqualTo(1);
        assertThat(resumes).hasValue(1);
        assertThat(suspends).hasValue(2);
    }

    @Test
    void suspend_afterAFailedSuspend_runsTheHandlerAgain() throws Exception {
        AtomicInteger suspends = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onSuspend(() -> {
            if (suspends.incrementAndGet() == 1) {
                throw new IllegalStateException("flush failed");
            }
        }));

        int first = post(guest, "suspend").statusCode();
        int retry = post(guest, "suspend").statusCode();
        int again = post(guest, "suspend").statusCode();

        assertThat(List.of(first, retry, again)).containsExactly(500, 200, 200);
        assertThat(suspends).hasValue(2);
    }

    @Test
    void resume_handlerThrows_answers500() throws Exception {
        MicrovmGuest guest = start(MicrovmGuest.builder().onResume(() -> {
            throw new IllegalStateException("reconnect failed");
        }));

        HttpResponse<String> response = post(guest, "resume");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("resume hook failed:").contains("reconnect failed");
    }

    @Test
    void terminate_calledTwice_runsTheHandlerOnceAndReleasesAwaitTermination() throws Exception {
        AtomicInteger terminates = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onTerminate(terminates::incrementAndGet));
        boolean endedBefore = guest.awaitTermination(Duration.ZERO);

        int first = post(guest, "terminate").statusCode();
        int retry = post(guest, "terminate").statusCode();

        assertThat(endedBefore).isFalse();
        assertThat(List.of(first, retry)).containsExactly(200, 200);
        assertThat(terminates).hasValue(1);
        assertThat(guest.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void terminate_whenHandlerFails_answers500AndNeverRunsItAgain() throws Exception {
        AtomicInteger terminates = new AtomicInteger();
        MicrovmGuest guest = start(MicrovmGuest.builder().onTerminate(() -> {
            terminates.incrementAndGet();
            throw new IllegalStateException("shutdown failed");
        }));

        int first = post(guest, "terminate").statusCode();
        int retry = post(guest, "terminate").statusCode();

        assertThat(List.of(first, retry)).containsExactly(500, 200);
        assertThat(terminates).hasValue(1);
        assertThat(guest.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }
}
