package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the exec form of an instruction, a JSON array of strings, as Docker does: text that is not a JSON
 * array is not an error (the instruction falls back to its shell form), but a JSON array holding
 * anything other than strings is.
 */
final class JsonStringArray {

    private final String text;
    private int pos;
    private boolean onlyStrings = true;

    private JsonStringArray(String text) {
        this.text = text;
    }

    /**
     * Parses a JSON array of strings.
     *
     * @param text the arguments of an instruction
     * @return the strings, or null when the text is not a JSON array
     * @throws IllegalArgumentException when the text is a JSON array with an element that is not a string
     */
    static @Nullable List<String> parse(String text) {
        JsonStringArray parser = new JsonStringArray(text);
        List<String> result;
        try {
            result = parser.array();
        } catch (IllegalStateException notJson) {
            return null;
        }
        if (!parser.onlyStrings) {
            throw new IllegalArgumentException(
                    "when using JSON array syntax, arrays must be comprised of strings only: " + text.strip());
        }
        return result;
    }

    private List<String> array() {
        skipSpace();
        expect('[');
        List<String> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                if (peek() == '"') {
                    items.add(string());
                } else {
                    onlyStrings = false;
                    value();
                }
                skipSpace();
                char next = next();
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    throw new IllegalStateException("expected , or ]");
                }
            }
        }
        skipSpace();
        if (pos != text.length()) {
            throw new IllegalStateException("text after the array");
        }
        return items;
    }

    /** Skips any JSON value, only to tell a non-string array from text that is not JSON at all. */
    private void value() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '[' || c == '{') {
            char close = c == '[' ? ']' : '}';
            pos++;
            skipSpace();
            if (peek() == close) {
                pos++;
                return;
            }
            while (true) {
                skipSpace();
                if (close == '}') {
                    string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                }
                value();
                skipSpace();
                char next = next();
                if (next == close) {
                    return;
                }
                if (next != ',') {
                    throw new IllegalStateException("expected ,");
                }
            }
        } else if (text.startsWith("true", pos) || text.startsWith("null", pos)) {
            pos += 4;
        } else if (text.startsWith("false", pos)) {
            pos += 5;
        } else {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("not a JSON value", e);
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new IllegalStateException("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"':
                case '\\':
                case '/':
                    out.append(escaped);
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
                    if (pos + 4 > text.length()) {
                        throw new IllegalStateException("short unicode escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("bad unicode escape", e);
                    }
                    pos += 4;
                    break;
                default:
                    throw new IllegalStateException("bad escape");
            }
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalStateException("end of text");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalStateException("expected " + c);
        }
    }
}
