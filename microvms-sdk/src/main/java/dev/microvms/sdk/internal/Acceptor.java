package dev.microvms.sdk.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a waiter, as in the AWS SDK: when a poll's response (or the error it threw) matches, the
 * waiter takes this rule's outcome. Rules are tried in order; the first match wins.
 *
 * @param <T> the response type of the poll
 */
public final class Acceptor<T> {
    private final WaiterOutcome outcome;
    private final @Nullable Predicate<T> response;
    private final @Nullable Class<? extends RuntimeException> error;

    private Acceptor(
            WaiterOutcome outcome, @Nullable Predicate<T> response, @Nullable Class<? extends RuntimeException> error) {
        this.outcome = outcome;
        this.response = response;
        this.error = error;
    }

    /**
     * Matches responses whose state is one of some states.
     *
     * @param outcome the outcome on a match
     * @param stateOf reads the state of a response
     * @param states the states that match
     * @param <T> the response type
     * @param <S> the state type
     * @return the rule
     */
    @SafeVarargs
    public static <T, S> Acceptor<T> onState(WaiterOutcome outcome, Function<T, @Nullable S> stateOf, S... states) {
        Set<S> matching = new HashSet<>();
        for (S state : states) {
            matching.add(state);
        }
        return new Acceptor<>(
                outcome,
                r -> {
                    S state = stateOf.apply(r);
                    return state != null && matching.contains(state);
                },
                null);
    }

    /**
     * Matches responses a predicate accepts.
     *
     * @param outcome the outcome on a match
     * @param test the predicate
     * @param <T> the response type
     * @return the rule
     */
    public static <T> Acceptor<T> when(WaiterOutcome outcome, Predicate<T> test) {
        return new Acceptor<>(outcome, test, null);
    }

    /**
     * Matches polls that threw an error of a type, such as {@code ResourceNotFoundException} for a
     * resource that is gone.
     *
     * @param outcome the outcome on a match
     * @param type the error type
     * @param <T> the response type
     * @return the rule
     */
    public static <T> Acceptor<T> onError(WaiterOutcome outcome, Class<? extends RuntimeException> type) {
        return new Acceptor<>(outcome, null, type);
    }

    /** @return the outcome this rule gives on a match */
    public WaiterOutcome outcome() {
        return outcome;
    }

    Optional<WaiterOutcome> matchResponse(T value) {
        return response != null && response.test(value) ? Optional.of(outcome) : Optional.empty();
    }

    Optional<WaiterOutcome> matchError(RuntimeException thrown) {
        return error != null && error.isInstance(thrown) ? Optional.of(outcome) : Optional.empty();
    }
}
