package dev.microvms.emulator.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects the constraint violations of one request and reports them as the service does: {@code 1
 * validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must
 * satisfy regular expression pattern: [a-zA-Z0-9-_]+}, every failing member listed, joined by {@code ; }.
 */
public final class Violations {
    private final List<String> found = new ArrayList<>();

    /** Fails the call when anything was found. */
    public void throwIfAny() {
        if (found.isEmpty()) {
            return;
        }
        throw ApiException.validation(message());
    }

    /**
     * @return the violations in the service's words, such as {@code 1 validation error detected: ...}, for
     *     other APIs of the emulator that report them under their own error code
     */
    public String message() {
        String head =
                found.size() == 1 ? "1 validation error detected: " : found.size() + " validation errors detected: ";
        return head + String.join("; ", found);
    }

    /** @return true when nothing was found yet */
    public boolean isEmpty() {
        return found.isEmpty();
    }

    /**
     * Records a violation in the service's words.
     *
     * @param member the member's path, such as {@code idlePolicy.maxIdleDurationSeconds}
     * @param value the value as the service shows it (already quoted or rendered)
     * @param constraint the constraint, such as {@code Member must not be null}
     */
    public void add(String member, String value, String constraint) {
        found.add("Value " + value + " at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    /** @return true when the value is present; records a violation when it is not */
    public boolean notNull(String member, @Nullable Object value) {
        if (value == null) {
            add(member, "null", "Member must not be null");
            return false;
        }
        return true;
    }

    /**
     * Checks a string's length and pattern, when present. The length is counted in characters (code
     * points), as the model counts it, not in UTF-16 units or bytes.
     */
    public void string(String member, @Nullable String value, int min, int max, @Nullable Pattern pattern) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            add(member, quote(value), "Member must have length greater than or equal to " + min);
        } else if (length > max) {
            add(member, quote(value), "Member must have length less than or equal to " + max);
        } else if (pattern != null && !pattern.matcher(value).matches()) {
            add(member, quote(value), "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    /** Checks an integer's range, when present. */
    public void range(String member, @Nullable Integer value, long min, long max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            add(member, "'" + value + "'", "Member must have value greater than or equal to " + min);
        } else if (value > max) {
            add(member, "'" + value + "'", "Member must have value less than or equal to " + max);
        }
    }

    /** Checks an integer's lower bound, when present (the model gives no upper one). */
    public void min(String member, @Nullable Integer value, long min) {
        range(member, value, min, Integer.MAX_VALUE);
    }

    /** Checks a collection's size, when present. */
    public void size(String member, @Nullable Collection<?> value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value.size() < min) {
            add(member, render(value), "Member must have length greater than or equal to " + min);
        } else if (value.size() > max) {
            add(member, render(value), "Member must have length less than or equal to " + max);
        }
    }

    /** Checks a map's size, when present. */
    public void size(String member, @Nullable Map<?, ?> value, int min, int max) {
        if (value != null) {
            size(member, value.keySet(), min, max);
        }
    }

    /** Checks that a value is one of an enum's known constants. */
    public void known(String member, @Nullable Enum<?> value, String... allowed) {
        if (value != null && value.name().equals("UNKNOWN_TO_SDK_VERSION")) {
            add(member, "'" + value + "'", "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
    }

    private static String quote(String value) {
        return "'" + value + "'";
    }

    private static String render(Collection<?> values) {
        return "'" + values.toString() + "'";
    }
}
