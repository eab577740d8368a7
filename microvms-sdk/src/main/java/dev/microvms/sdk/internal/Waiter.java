package dev.microvms.sdk.internal;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.WaiterException;
import dev.microvms.sdk.WaiterOptions;
import dev.microvms.sdk.WaiterProgress;
import dev.microvms.sdk.WaiterTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link WaiterDefinition}: polls, asks the acceptors what each poll means, sleeps between polls
 * and stops on success, on failure (at once, with the reason) or when time runs out. Time comes from an
 * injected clock and sleeper, so tests never sleep.
 */
public final class Waiter {
    private static final Logger LOG = LoggerFactory.getLogger(Waiter.class);

    /** The state reported when a poll finds the resource gone. */
    public static final String NOT_FOUND = "NOT_FOUND";

    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param clock tells the time
     * @param sleeper waits between polls
     */
    public Waiter(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Waits.
     *
     * @param resource the resource, as messages name it, such as {@code MicroVM microvm-1234}
     * @param definition the rules
     * @param poll reads the resource's current state
     * @param failureReason finds the reason for a failure state, which may take more calls (a failed
     *     image's build); called only on failure
     * @param options delay, timeout and listener; what is unset comes from the definition's defaults
     * @param <T> the response type
     * @return the last response, or empty when the wait succeeded because the resource is gone
     * @throws WaiterException when a failure state is reached
     * @throws WaiterTimeoutException when time runs out
     */
    public <T> Optional<T> await(
            String resource,
            WaiterDefinition<T> definition,
            Supplier<T> poll,
            Function<T, @Nullable String> failureReason,
            WaiterOptions options) {
        Duration delay = options.delay().orElse(definition.defaults().delay());
        Duration timeout = options.timeout().orElse(definition.defaults().timeout());
        Consumer<WaiterProgress> listener = options.progressListener().orElse(p -> {});
        Instant start = clock.instant();
        String lastState = null;
        String lastReason = null;
        for (int attempt = 1; ; attempt++) {
            T response;
            WaiterOutcome outcome;
            try {
                response = poll.get();
                lastState = definition.stateOf(response);
                lastReason = definition.reasonOf(response);
                outcome = definition.outcomeOf(response);
            } catch (RuntimeException e) {
                Optional<WaiterOutcome> matched = definition.outcomeOfError(e);
                if (matched.isEmpty()) {
                    throw e;
                }
                response = null;
                lastState = NOT_FOUND;
                lastReason = e.getMessage();
                outcome = matched.get();
            }
            Duration elapsed = Duration.between(start, clock.instant());
            WaiterProgress progress = new WaiterProgress(resource, definition.target(), lastState, elapsed, attempt);
            LOG.debug(
                    "{}: {} after {} (attempt {}, waiting for {})",
                    resource,
                    lastState,
                    elapsed,
                    attempt,
                    definition.target());
            listener.accept(progress);
            switch (outcome) {
                case SUCCESS:
                    return Optional.ofNullable(response);
                case FAILURE:
                    String reason = response == null ? lastReason : failureReason.apply(response);
                    throw failure(resource, definition.target(), lastState, reason, elapsed, attempt);
                case RETRY:
                    break;
            }
            if (elapsed.compareTo(timeout) >= 0) {
                throw timedOut(resource, definition.target(), lastState, lastReason, elapsed, attempt);
            }
            sleep(resource, min(delay, timeout.minus(elapsed)));
        }
    }

    private static WaiterException failure(
            String resource, String target, String state, @Nullable String reason, Duration elapsed, int attempts) {
        String message = resource + " is " + state + ", so it will not become " + target + " (waited "
                + Durations.format(elapsed) + "): "
                + (reason == null ? "the service gave no reason." : reason);
        return new WaiterException(message, resource, target, state, reason, elapsed, attempts);
    }

    private static WaiterTimeoutException timedOut(
            String resource,
            String target,
            @Nullable String state,
            @Nullable String reason,
            Duration elapsed,
            int attempts) {
        String message = "Gave up waiting for " + resource + " to become " + target + " after "
                + Durations.format(elapsed) + " (" + attempts + " polls); the last state seen was " + state
                + (reason == null ? "" : " (" + reason + ")")
                + ". Raise the timeout with WaiterOptions.builder().timeout(...) if it is still on its way.";
        return new WaiterTimeoutException(message, resource, target, state, reason, elapsed, attempts);
    }

    private void sleep(String resource, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrovmsClientException("Interrupted while waiting for " + resource + ".", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
