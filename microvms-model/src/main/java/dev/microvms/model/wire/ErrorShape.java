package dev.microvms.model.wire;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An error the model declares: its name (the {@code X-Amzn-ErrorType}), HTTP status, whose fault it is,
 * whether it is retryable or throttling, and its members.
 *
 * @param name the error's name, such as {@code ThrottlingException}
 * @param httpStatus its HTTP status
 * @param fault true when it is the service's fault (a 5xx), false when the sender's
 * @param retryable whether the model marks it retryable
 * @param throttling whether the model marks it as throttling
 * @param members its members, {@code message} included
 */
public record ErrorShape(
        String name, int httpStatus, boolean fault, boolean retryable, boolean throttling, List<ErrorMember> members) {

    /** Copies the members. */
    public ErrorShape {
        members = List.copyOf(members);
    }

    /**
     * Returns a member.
     *
     * @param name its Java name
     * @return the member, or null when the error has none of that name
     */
    public @Nullable ErrorMember member(String name) {
        for (ErrorMember m : members) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
