package dev.microvms.emulator.logs;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The term patterns of FilterLogEvents: {@code ERROR} (contains), {@code ERROR timeout} (both), {@code
 * "a phrase"}, {@code ?ERROR ?WARN} (either), {@code -DEBUG} (not); terms match case-sensitively, as in
 * CloudWatch Logs. JSON and space-delimited patterns ({@code { $.x = 1 }}, {@code [a, b]}) are refused with
 * a message that says so, rather than matched wrongly.
 */
final class FilterPattern {
    private final List<String> all = new ArrayList<>();
    private final List<String> any = new ArrayList<>();
    private final List<String> none = new ArrayList<>();

    private FilterPattern() {}

    /**
     * @param pattern the pattern, or null or blank for every event
     * @return the parsed pattern
     * @throws LogsException when it is not a term pattern
     */
    static FilterPattern parse(@Nullable String pattern) {
        FilterPattern p = new FilterPattern();
        if (pattern == null || pattern.isBlank()) {
            return p;
        }
        String trimmed = pattern.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("%")) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER,
                    "The emulator matches term filter patterns only (ERROR, \"a phrase\", ?ERROR ?WARN, -DEBUG);"
                            + " JSON, space-delimited and regular-expression patterns are not emulated: '" + pattern
                            + "'.");
        }
        for (String term : terms(trimmed)) {
            if (term.startsWith("?") && term.length() > 1) {
                p.any.add(unquote(term.substring(1)));
            } else if (term.startsWith("-") && term.length() > 1) {
                p.none.add(unquote(term.substring(1)));
            } else {
                p.all.add(unquote(term));
            }
        }
        return p;
    }

    boolean matches(String message) {
        for (String t : all) {
            if (!message.contains(t)) {
                return false;
            }
        }
        for (String t : none) {
            if (message.contains(t)) {
                return false;
            }
        }
        return any.isEmpty() || any.stream().anyMatch(message::contains);
    }

    /** Splits on spaces outside double quotes. */
    private static List<String> terms(String pattern) {
        List<String> terms = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                term.append(c);
            } else if (c == ' ' && !quoted) {
                if (term.length() > 0) {
                    terms.add(term.toString());
                    term.setLength(0);
                }
            } else {
                term.append(c);
            }
        }
        if (term.length() > 0) {
            terms.add(term.toString());
        }
        return terms;
    }

    private static String unquote(String term) {
        return term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"")
                ? term.substring(1, term.length() - 1)
                : term;
    }
}
