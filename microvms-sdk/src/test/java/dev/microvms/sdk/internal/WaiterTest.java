package dev.microvms.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ServiceError;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmState;
import dev.microvms.sdk.FakeTime;
import dev.microvms.sdk.WaiterException;
import dev.microvms.sdk.WaiterOptions;
import dev.microvms.sdk.WaiterProgress;
import dev.microvms.sdk.WaiterTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WaiterTest {
    private final FakeTime time = new FakeTime();
    private final Waiter waiter = new Waiter(time, time);

    private static Supplier<GetMicrovmResponse> states(String reason, MicrovmState... states) {
        Deque<MicrovmState> queue = new ArrayDeque<>(List.of(states));
        return () -> GetMicrovmResponse.builder()
                .microvmId("microvm-1")
                .state(queue.size() > 1 ? queue.poll() : queue.peek())
                .stateReason(reason)
                .build();
    }

    @Test
    void await_retriesUntilSuccess_sleepsTheDelayBetweenPolls() {
        List<WaiterProgress> seen = new ArrayList<>();

        Optional<GetMicrovmResponse> last = waiter.await(
                "MicroVM microvm-1",
                MicrovmWaiters.RUNNING,
                states(null, MicrovmState.PENDING, MicrovmState.PENDING, MicrovmState.RUNNING),
                GetMicrovmResponse::stateReason,
                WaiterOptions.builder()
                        .delay(Duration.ofSeconds(3))
                        .progressListener(seen::add)
                        .build());

        assertThat(last).map(GetMicrovmResponse::state).contains(MicrovmState.RUNNING);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(seen)
                .extracting(WaiterProgress::state, WaiterProgress::elapsed, WaiterProgress::attempt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PENDING", Duration.ZERO, 1),
                        org.assertj.core.groups.Tuple.tuple("PENDING", Duration.ofSeconds(3), 2),
                        org.assertj.core.groups.Tuple.tuple("RUNNING", Duration.ofSeconds(6), 3));
    }

    @Test
    void await_failureState_failsAtOnceWithStateReasonAndElapsed() {
        String reason = "Run lifecycle hook returned HTTP status 500.";

        assertThatThrownBy(() -> waiter.await(
                        "MicroVM microvm-1",
                        MicrovmWaiters.RUNNING,
                        states(reason, MicrovmState.PENDING, MicrovmState.TERMINATED, MicrovmState.RUNNING),
                        GetMicrovmResponse::stateReason,
                        WaiterOptions.builder().delay(Duration.ofSeconds(2)).build()))
                .isExactlyInstanceOf(WaiterException.class)
                .hasMessage("MicroVM microvm-1 is TERMINATED, so it will not become RUNNING (waited 2s): " + reason)
                .satisfies(e -> {
                    WaiterException w = (WaiterException) e;
                    assertThat(w.lastState()).isEqualTo("TERMINATED");
                    assertThat(w.stateReason()).isEqualTo(reason);
                    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(w.attempts()).isEqualTo(2);
                    assertThat(w.target()).isEqualTo("RUNNING");
                });
    }

    @Test
    void await_neverSettles_timesOutWithElapsedAndLastState() {
        assertThatThrownBy(() -> waiter.await(
                        "MicroVM microvm-1",
                        MicrovmWaiters.RUNNING,
                        states(null, MicrovmState.PENDING),
                        GetMicrovmResponse::stateReason,
                        WaiterOptions.builder()
                                .delay(Duration.ofSeconds(4))
                                .timeout(Duration.ofSeconds(10))
                                .build()))
                .isInstanceOf(WaiterTimeoutException.class)
                .hasMessageStartingWith("Gave up waiting for MicroVM microvm-1 to become RUNNING after 10s (4 polls);"
                        + " the last state seen was PENDING.")
                .satisfies(e -> {
                    WaiterTimeoutException t = (WaiterTimeoutException) e;
                    assertThat(t.elapsed()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(t.lastState()).isEqualTo("PENDING");
                });
        // 4 s, 4 s, then only the 2 s left before the deadline: one last poll at the deadline itself.
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(2));
    }

    @Test
    void await_errorMatchedAsSuccess_returnsEmpty() {
        Optional<GetMicrovmResponse> last = waiter.await(
                "MicroVM microvm-1",
                MicrovmWaiters.TERMINATED,
                () -> {
                    throw new ResourceNotFoundException(
                            new ServiceError(404, "ResourceNotFoundException", "gone", null, null, null, null));
                },
                GetMicrovmResponse::stateReason,
                WaiterOptions.defaults());

        assertThat(last).isEmpty();
    }

    @Test
    void await_errorNotMatched_propagatesUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> waiter.await(
                        "MicroVM microvm-1",
                        MicrovmWaiters.RUNNING,
                        () -> {
                            throw boom;
                        },
                        GetMicrovmResponse::stateReason,
                        WaiterOptions.defaults()))
                .isSameAs(boom);
    }

    @Test
    void await_noDelaySet_usesTheDefinitionsDefault() {
        waiter.await(
                "MicroVM microvm-1",
                MicrovmWaiters.RUNNING,
                states(null, MicrovmState.PENDING, MicrovmState.RUNNING),
                GetMicrovmResponse::stateReason,
                WaiterOptions.defaults());

        assertThat(time.sleeps).containsExactly(WaiterTiming.MICROVM.delay());
    }
}
