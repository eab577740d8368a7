package dev.microvms.sdk.internal;

import static dev.microvms.sdk.internal.WaiterOutcome.FAILURE;
import static dev.microvms.sdk.internal.WaiterOutcome.RETRY;
import static dev.microvms.sdk.internal.WaiterOutcome.SUCCESS;

import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmState;
import java.util.List;

/**
 * The waiters of a MicroVM. GetMicrovm is eventually consistent, so a state just left (RUNNING right
 * after a suspend call, SUSPENDED right after a resume) means "retry"; only the way to termination is a
 * failure, since nothing comes back from it.
 */
public final class MicrovmWaiters {
    private MicrovmWaiters() {}

    /** Waits for RUNNING; fails at once on TERMINATING or TERMINATED with the MicroVM's stateReason. */
    public static final WaiterDefinition<GetMicrovmResponse> RUNNING = definition(
            "RUNNING",
            List.of(
                    Acceptor.onState(SUCCESS, GetMicrovmResponse::state, MicrovmState.RUNNING),
                    Acceptor.onState(
                            FAILURE, GetMicrovmResponse::state, MicrovmState.TERMINATING, MicrovmState.TERMINATED),
                    Acceptor.onState(
                            RETRY,
                            GetMicrovmResponse::state,
                            MicrovmState.PENDING,
                            MicrovmState.SUSPENDING,
                            MicrovmState.SUSPENDED)));

    /** Waits for SUSPENDED; fails at once on TERMINATING or TERMINATED. */
    public static final WaiterDefinition<GetMicrovmResponse> SUSPENDED = definition(
            "SUSPENDED",
            List.of(
                    Acceptor.onState(SUCCESS, GetMicrovmResponse::state, MicrovmState.SUSPENDED),
                    Acceptor.onState(
                            FAILURE, GetMicrovmResponse::state, MicrovmState.TERMINATING, MicrovmState.TERMINATED),
                    Acceptor.onState(
                            RETRY,
                            GetMicrovmResponse::state,
                            MicrovmState.PENDING,
                            MicrovmState.RUNNING,
                            MicrovmState.SUSPENDING)));

    /** Waits for TERMINATED; a MicroVM no longer found (they stay listed about a day) counts as terminated. */
    public static final WaiterDefinition<GetMicrovmResponse> TERMINATED = definition(
            "TERMINATED",
            List.of(
                    Acceptor.onState(SUCCESS, GetMicrovmResponse::state, MicrovmState.TERMINATED),
                    Acceptor.onError(SUCCESS, ResourceNotFoundException.class)));

    private static WaiterDefinition<GetMicrovmResponse> definition(
            String target, List<Acceptor<GetMicrovmResponse>> acceptors) {
        return new WaiterDefinition<>(
                target,
                r -> String.valueOf(r.state()),
                GetMicrovmResponse::stateReason,
                acceptors,
                target.equals("TERMINATED") ? WaiterTiming.DELETE : WaiterTiming.MICROVM);
    }
}
