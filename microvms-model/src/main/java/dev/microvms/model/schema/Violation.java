package dev.microvms.model.schema;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A value that breaks a constraint of the model, such as a name longer than 64 characters.
 *
 * @param path where the value is, in the service's notation: {@code name}, {@code
 *     idlePolicy.maxIdleDurationSeconds}, {@code allowedPorts.1.member.port} (list elements count from 1)
 * @param value the value, or null when a required member is missing
 * @param sensitive whether the value must not be shown (messages then leave it out, as the service does)
 * @param kind which constraint it breaks
 * @param shape the shape whose constraint it breaks
 * @param limit the length, size or value the constraint allows, for the length and value kinds
 * @param actual the value's length (in code points), size or number, for the length and value kinds
 * @param requirement what the constraint asks, in the service's words, such as {@code Member must have
 *     length less than or equal to 64}
 */
public record Violation(
        String path,
        @Nullable Object value,
        boolean sensitive,
        Kind kind,
        Shape shape,
        @Nullable Long limit,
        @Nullable Long actual,
        String requirement) {

    /** The kinds of constraint. */
    public enum Kind {
        /** A required member is missing. */
        REQUIRED,
        /** A string is shorter, or a list or map smaller, than the minimum. */
        MIN_LENGTH,
        /** A string is longer, or a list or map larger, than the maximum. */
        MAX_LENGTH,
        /** A string does not match the pattern. */
        PATTERN,
        /** A value is not one of the enum's. */
        ENUM,
        /** A number is below the minimum. */
        MIN_VALUE,
        /** A number is above the maximum. */
        MAX_VALUE,
        /** A union has no member set, or one this version does not know. */
        UNION
    }

    /**
     * Returns the violation in the service's words, such as {@code Value 'bad name!' at 'name' failed to
     * satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+}.
     *
     * @return the message
     */
    public String message() {
        String shown = value == null ? "Value null" : sensitive ? "Value" : "Value '" + text(value) + "'";
        return shown + " at '" + path + "' failed to satisfy constraint: " + requirement;
    }

    /**
     * Returns a list of violations as the service reports them: {@code 1 validation error detected: ...},
     * {@code 3 validation errors detected: ...; ...; ...}.
     *
     * @param violations the violations, at least one
     * @return the message
     */
    public static String summary(List<Violation> violations) {
        StringBuilder s = new StringBuilder()
                .append(violations.size())
                .append(violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
        for (int i = 0; i < violations.size(); i++) {
            s.append(i == 0 ? "" : "; ").append(violations.get(i).message());
        }
        return s.toString();
    }

    /**
     * Renders a value as the service does in its messages: enums by their wire value, lists as {@code [a,
     * b]}.
     *
     * @param value the value
     * @return the text
     */
    public static String text(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(text(list.get(i)));
            }
            return s.append(']').toString();
        }
        return String.valueOf(value);
    }
}
