package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A waiter stopped without reaching the state it waited for: the resource reached a state from which
 * it cannot get there (a MicroVM TERMINATED while waiting for RUNNING, an image CREATE_FAILED, a version
 * FAILED). {@link WaiterTimeoutException} is the case where time ran out instead.
 *
 * <pre>{@code
 * try {
 *     microvm.waitUntilRunning();
 * } catch (WaiterException e) {
 *     log.error("{} is {}: {}", e.resource(), e.lastState(), e.stateReason());
 * }
 * }</pre>
 */
public class WaiterException extends MicrovmsClientException {
    private static final long serialVersionUID = 1L;

    private final String resource;
    private final String target;
    private final @Nullable String lastState;
    private final @Nullable String stateReason;
    private final Duration elapsed;
    private final int attempts;

    /**
     * Creates the error.
     *
     * @param message what happened and how to go on
     * @param resource the resource waited on, such as {@code MicroVM microvm-1234}
     * @param target the state waited for, such as {@code RUNNING}
     * @param lastState the last state seen, or null when none was seen
     * @param stateReason why the resource is in that state, as the service says, if known
     * @param elapsed how long the waiter waited
     * @param attempts how many times it asked for the state
     */
    public WaiterException(
            String message,
            String resource,
            String target,
            @Nullable String lastState,
            @Nullable String stateReason,
            Duration elapsed,
            int attempts) {
        super(message);
        this.resource = resource;
        this.target = target;
        this.lastState = lastState;
        this.stateReason = stateReason;
        this.elapsed = elapsed;
        this.attempts = attempts;
    }

    /** @return the resource waited on, such as {@code MicroVM microvm-1234} */
    public String resource() {
        return resource;
    }

    /** @return the state the waiter waited for, such as {@code RUNNING} */
    public String target() {
        return target;
    }

    /** @return the last state seen, such as {@code TERMINATED}, or null when no state was seen */
    public @Nullable String lastState() {
        return lastState;
    }

    /**
     * Returns why the resource is in its last state: a MicroVM's {@code stateReason}, or for a failed
     * image or version the {@code stateReason} of the failed build (else the version's own).
     *
     * @return the reason, or null when the service gave none
     */
    public @Nullable String stateReason() {
        return stateReason;
    }

    /** @return how long the waiter waited */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return how many times the waiter asked for the state */
    public int attempts() {
        return attempts;
    }
}
