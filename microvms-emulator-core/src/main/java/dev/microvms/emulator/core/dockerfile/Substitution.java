package dev.microvms.emulator.core.dockerfile;

import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Substitutes variables in one word with Docker's rules (a port of its shell lexer's {@code ProcessWord}):
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, {@code ${VAR:?message}} and {@code ${VAR?message}}; single quotes keep their
 * content as it is, double quotes allow substitution, and the escape character takes the next character
 * literally. Quotes and escapes are removed, as Docker does.
 */
final class Substitution {

    private final Function<String, @Nullable String> variables;
    private final char escape;
    private String word = "";
    private int pos;

    /**
     * Creates a substitution over the variables in scope.
     *
     * @param variables the set variables (an ARG declared without a value is absent, so it is unset)
     * @param escape the Dockerfile's escape character
     */
    Substitution(Map<String, String> variables, char escape) {
        this(variables::get, escape);
    }

    /**
     * Creates a substitution that looks the variables up as it meets them.
     *
     * @param variables gives a set variable's value, or null when it is unset
     * @param escape the Dockerfile's escape character
     */
    Substitution(Function<String, @Nullable String> variables, char escape) {
        this.variables = variables;
        this.escape = escape;
    }

    /**
     * Substitutes the variables in a word and removes its quotes and escapes.
     *
     * @param input the word as written
     * @return the word as Docker would use it
     * @throws IllegalArgumentException for a syntax error, such as an unclosed quote or brace
     */
    String apply(String input) {
        this.word = input;
        this.pos = 0;
        return until((char) 0);
    }

    /** Reads until {@code stop} outside quotes (0 for the end of the word), consuming the stop. */
    private String until(char stop) {
        StringBuilder out = new StringBuilder();
        while (pos < word.length()) {
            char ch = word.charAt(pos);
            if (stop != 0 && ch == stop) {
                pos++;
                return out.toString();
            }
            if (ch == escape) {
                pos++;
                if (pos < word.length()) {
                    out.append(word.charAt(pos++));
                }
            } else if (ch == '\'') {
                out.append(singleQuoted());
            } else if (ch == '"') {
                out.append(doubleQuoted());
            } else if (ch == '$') {
                out.append(dollar());
            } else {
                out.append(ch);
                pos++;
            }
        }
        if (stop != 0) {
            throw new IllegalArgumentException("syntax error: missing '" + stop + "' in " + word);
        }
        return out.toString();
    }

    private String singleQuoted() {
        int close = word.indexOf('\'', pos + 1);
        if (close < 0) {
            throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote in "
                    + word + ": close the quote");
        }
        String content = word.substring(pos + 1, close);
        pos = close + 1;
        return content;
    }

    private String doubleQuoted() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < word.length()) {
            char ch = word.charAt(pos);
            if (ch == '"') {
                pos++;
                return out.toString();
            }
            if (ch == '$') {
                out.append(dollar());
                continue;
            }
            if (ch == escape && pos + 1 < word.length()) {
                char next = word.charAt(pos + 1);
                // Inside double quotes only ", $ and the escape character itself can be escaped.
                if (next == '"' || next == '$' || next == escape) {
                    out.append(next);
                    pos += 2;
                    continue;
                }
            }
            out.append(ch);
            pos++;
        }
        throw new IllegalArgumentException(
                "unexpected end of statement while looking for matching double-quote in " + word + ": close the quote");
    }

    private String dollar() {
        pos++;
        if (pos >= word.length() || word.charAt(pos) != '{') {
            String name = name();
            if (name.isEmpty()) {
                return "$";
            }
            String value = variables.apply(name);
            return value == null ? "" : value;
        }
        pos++;
        if (pos >= word.length()) {
            throw new IllegalArgumentException("syntax error: missing '}' in " + word);
        }
        char first = word.charAt(pos);
        if (first == '{' || first == '}' || first == ':') {
            throw new IllegalArgumentException("syntax error: bad substitution in " + word);
        }
        String name = name();
        if (pos >= word.length()) {
            throw new IllegalArgumentException("syntax error: missing '}' in " + word);
        }
        char ch = word.charAt(pos++);
        String value = variables.apply(name);
        if (ch == '}') {
            return value == null ? "" : value;
        }
        boolean colon = ch == ':';
        if (colon) {
            if (pos >= word.length()) {
                throw new IllegalArgumentException("syntax error: missing '}' in " + word);
            }
            ch = word.charAt(pos++);
        }
        String operand = until('}');
        // With a colon an empty value counts as unset, as in the shell.
        boolean present = value != null && (!colon || !value.isEmpty());
        switch (ch) {
            case '-':
                return present ? value : operand;
            case '+':
                return present ? operand : "";
            case '?':
                if (!present) {
                    throw new IllegalArgumentException(
                            name + ": " + (operand.isEmpty() ? "is not allowed to be unset" : operand));
                }
                return value;
            default:
                throw new IllegalArgumentException("unsupported modifier (" + (colon ? ":" : "") + ch
                        + ") in substitution " + word + "; the emulator supports :- - :+ + :? ?");
        }
    }

    private String name() {
        int start = pos;
        while (pos < word.length()) {
            char ch = word.charAt(pos);
            if (!Character.isLetterOrDigit(ch) && ch != '_') {
                break;
            }
            pos++;
        }
        return word.substring(start, pos);
    }
}
