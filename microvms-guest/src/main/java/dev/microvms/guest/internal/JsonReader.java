package dev.microvms.guest.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small, strict JSON reader (RFC 8259), so the guest library needs no JSON dependency. It reads a whole
 * text into plain Java values: objects as {@code Map<String, Object>} (insertion order kept, the last of
 * duplicate names wins), arrays as {@code List<Object>}, strings as {@code String}, numbers as {@link
 * BigDecimal}, {@code true}/{@code false} as {@link Boolean} and {@code null} as {@code null}.
 *
 * <p>Anything else fails with a {@link MalformedJsonException} that gives the offset and what was expected;
 * nesting is bounded so hostile input cannot overflow the stack.
 */
public final class JsonReader {
    /** Deeper than any body the platform sends, shallow enough to stay far from the thread's stack limit. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Reads one JSON value that must make up the whole text (whitespace around it allowed).
     *
     * @throws MalformedJsonException when the text is not exactly one JSON value
     */
    public static @Nullable Object parse(String text) {
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error(reader.pos, "unexpected " + reader.describeCurrent() + " after the JSON value");
        }
        return value;
    }

    private @Nullable Object readValue() {
        if (pos >= text.length()) {
            throw error(pos, "unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                return readLiteral("true", Boolean.TRUE);
            case 'f':
                return readLiteral("false", Boolean.FALSE);
            case 'n':
                return readLiteral("null", null);
            default:
                if (c == '-' || isDigit(c)) {
                    return readNumber();
                }
                throw error(pos, "unexpected " + describeCurrent() + ", expected a value");
        }
    }

    private Map<String, @Nullable Object> readObject() {
        enter();
        pos++; // '{'
        Map<String, @Nullable Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            depth--;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error(pos, "unexpected " + describeCurrent() + ", expected a string as the member name");
            }
            String name = readString();
            skipWhitespace();
            expect(':', "after the member name \"" + name + "\"");
            skipWhitespace();
            members.put(name, readValue());
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                depth--;
                return members;
            } else {
                throw error(pos, "unexpected " + describeCurrent() + ", expected ',' or '}' in an object");
            }
        }
    }

    private List<@Nullable Object> readArray() {
        enter();
        pos++; // '['
        List<@Nullable Object> elements = new ArrayList<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            depth--;
            return elements;
        }
        while (true) {
            skipWhitespace();
            elements.add(readValue());
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                depth--;
                return elements;
            } else {
                throw error(pos, "unexpected " + describeCurrent() + ", expected ',' or ']' in an array");
            }
        }
    }

    private String readString() {
        int start = pos;
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(start, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            } else if (c == '\\') {
                readEscape(out);
            } else if (c < 0x20) {
                throw error(pos, String.format("control character U+%04X inside a string must be escaped", (int) c));
            } else {
                // Surrogate pairs written as raw characters pass through as the same two chars.
                out.append(c);
                pos++;
            }
        }
    }

    private void readEscape(StringBuilder out) {
        int start = pos;
        pos++; // backslash
        if (pos >= text.length()) {
            throw error(start, "unterminated string (input ends inside an escape)");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"':
            case '\\':
            case '/':
                out.append(c);
                break;
            case 'b':
                out.append('\b');
                break;
            case 'f':
                out.append('\f');
                break;
            case 'n':
                out.append('\n');
                break;
            case 'r':
                out.append('\r');
                break;
            case 't':
                out.append('\t');
                break;
            case 'u':
                // A surrogate pair arrives as two \\u escapes; appending each UTF-16 unit rebuilds it.
                out.append(readHex4(start));
                break;
            default:
                throw error(
                        start,
                        "invalid escape '\\" + printable(c) + "' (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
    }

    private char readHex4(int escapeStart) {
        if (pos + 4 > text.length()) {
            throw error(escapeStart, "incomplete \\u escape, expected 4 hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexValue(text.charAt(pos + i));
            if (digit < 0) {
                throw error(
                        escapeStart,
                        "invalid \\u escape \"" + text.substring(escapeStart, pos + 4) + "\", expected 4 hex digits");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private BigDecimal readNumber() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
        } else if (!skipDigits()) {
            throw error(pos, "unexpected " + describeCurrent() + ", expected a digit in a number");
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (!skipDigits()) {
                throw error(pos, "unexpected " + describeCurrent() + ", expected a digit after the decimal point");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!skipDigits()) {
                throw error(pos, "unexpected " + describeCurrent() + ", expected a digit in the exponent");
            }
        }
        String number = text.substring(start, pos);
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw error(start, "number " + number + " is out of range");
        }
    }

    private boolean skipDigits() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private @Nullable Object readLiteral(String word, @Nullable Object value) {
        if (!text.startsWith(word, pos)) {
            throw error(pos, "unexpected " + describeCurrent() + ", expected a value (did you mean " + word + "?)");
        }
        pos += word.length();
        return value;
    }

    private void expect(char wanted, String where) {
        if (pos >= text.length() || text.charAt(pos) != wanted) {
            throw error(pos, "unexpected " + describeCurrent() + ", expected '" + wanted + "' " + where);
        }
        pos++;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(pos, "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeCurrent() {
        return pos >= text.length() ? "end of input" : "'" + printable(text.charAt(pos)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    /** ASCII hex only: {@link Character#digit} would also take full-width and other non-ASCII digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private MalformedJsonException error(int offset, String reason) {
        return new MalformedJsonException(offset, reason);
    }
}
