package dev.microvms.sdk;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A waiter ran out of time: the resource was still in a state that can lead to the one waited for. Its
 * message says how long it waited and the last state seen; raise the timeout with {@link
 * WaiterOptions.Builder#timeout(Duration)} when the wait is expected to be long.
 */
public final class WaiterTimeoutException extends WaiterException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened and how to go on
     * @param resource the resource waited on
     * @param target the state waited for
     * @param lastState the last state seen, or null when none was seen
     * @param stateReason the reason given with the last state, if any
     * @param elapsed how long the waiter waited
     * @param attempts how many times it asked for the state
     */
    public WaiterTimeoutException(
            String message,
            String resource,
            String target,
            @Nullable String lastState,
            @Nullable String stateReason,
            Duration elapsed,
            int attempts) {
        super(message, resource, target, lastState, stateReason, elapsed, attempts);
    }
}
