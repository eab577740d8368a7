package dev.microvms.guest.internal.agent;

import java.util.Map;

/** Writes the little JSON the agent answers with. */
final class Json {
    private Json() {}

    /** @return a JSON object of the entries, whose values are strings, numbers, booleans or nested JSON text */
    static String object(Map<String, ?> entries) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            string(b, e.getKey());
            b.append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else if (v instanceof Raw raw) {
                b.append(raw.json());
            } else {
                string(b, String.valueOf(v));
            }
        }
        return b.append('}').toString();
    }

    /** @return a JSON object of names and values, in the order given: name, value, name, value, ... */
    static String fields(Object... namesAndValues) {
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            ordered.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object(ordered);
    }

    /** JSON text to put in as it is. */
    record Raw(String json) {}

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static String error(String reason, String message) {
        return fields("reason", reason, "message", message);
    }
}
