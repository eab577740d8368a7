package dev.microvms.sdk.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A waiter's rules: the state it waits for, how to read a response's state and reason, the acceptors,
 * and its default delay and timeout. A response no acceptor matches means "retry", as in the AWS SDK.
 *
 * @param <T> the response type of the poll
 */
public final class WaiterDefinition<T> {
    private final String target;
    private final Function<T, String> stateName;
    private final Function<T, @Nullable String> reason;
    private final List<Acceptor<T>> acceptors;
    private final WaiterTiming defaults;

    /**
     * @param target the state waited for, as users read it, such as {@code RUNNING}
     * @param stateName the state of a response, as a name
     * @param reason the reason the service gives with a response's state, if any
     * @param acceptors the rules, first match wins
     * @param defaults the delay and timeout used when the options set none
     */
    public WaiterDefinition(
            String target,
            Function<T, String> stateName,
            Function<T, @Nullable String> reason,
            List<Acceptor<T>> acceptors,
            WaiterTiming defaults) {
        this.target = target;
        this.stateName = stateName;
        this.reason = reason;
        this.acceptors = List.copyOf(acceptors);
        this.defaults = defaults;
    }

    /** @return the state waited for */
    public String target() {
        return target;
    }

    /** @return the default delay and timeout */
    public WaiterTiming defaults() {
        return defaults;
    }

    /**
     * Decides what a response means.
     *
     * @param response the response of a poll
     * @return the outcome of the first acceptor that matches, else {@link WaiterOutcome#RETRY}
     */
    public WaiterOutcome outcomeOf(T response) {
        for (Acceptor<T> acceptor : acceptors) {
            Optional<WaiterOutcome> outcome = acceptor.matchResponse(response);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        return WaiterOutcome.RETRY;
    }

    /**
     * Decides what an error thrown by a poll means.
     *
     * @param error the error
     * @return the outcome of the first acceptor that matches; empty when none does, and the error ends
     *     the wait as it is
     */
    public Optional<WaiterOutcome> outcomeOfError(RuntimeException error) {
        for (Acceptor<T> acceptor : acceptors) {
            Optional<WaiterOutcome> outcome = acceptor.matchError(error);
            if (outcome.isPresent()) {
                return outcome;
            }
        }
        return Optional.empty();
    }

    String stateOf(T response) {
        return stateName.apply(response);
    }

    @Nullable
    String reasonOf(T response) {
        return reason.apply(response);
    }
}
