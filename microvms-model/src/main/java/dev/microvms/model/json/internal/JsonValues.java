package dev.microvms.model.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The scalar, list and map reading and writing the generated codecs are made of. Reading is strict about
 * JSON types unless asked to be lenient; timestamps are epoch seconds, fractional when they carry a
 * fraction.
 */
public final class JsonValues {
    /** The factory of every parser and generator of the codec. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {}

    /**
     * Reads one value.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * Reads the value at the parser's current token.
         *
         * @param in the parser
         * @param lenient whether scalars of another JSON type are converted
         * @return the value, or null for JSON null
         * @throws IOException when the JSON does not fit
         */
        @Nullable
        T read(JsonParser in, boolean lenient) throws IOException;
    }

    /**
     * Writes one non-null value.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Writer<T> {
        /**
         * Writes the value.
         *
         * @param out the generator
         * @param value the value
         * @throws IOException when writing fails
         */
        void write(JsonGenerator out, T value) throws IOException;
    }

    /**
     * Moves to the start of an object: the parser's current token, or the next one when it has none yet.
     *
     * @param in the parser
     * @param type the type being read, for the message
     * @return true at an object, false at JSON null
     * @throws IOException when the value is neither
     */
    public static boolean startObject(JsonParser in, String type) throws IOException {
        JsonToken t = in.currentToken();
        if (t == null) {
            t = in.nextToken();
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.FIELD_NAME) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw mismatch(in, "expected a JSON object for " + type + ", found " + describe(t));
    }

    /**
     * Moves to the next member of the object being read and to its value.
     *
     * @param in the parser, at the start of the object or at the end of the previous member's value
     * @return the member's name, with the parser at its value's first token; null at the end of the object
     * @throws IOException when the JSON is malformed
     */
    public static @Nullable String nextMember(JsonParser in) throws IOException {
        JsonToken t = in.currentToken();
        if (t != JsonToken.FIELD_NAME) {
            t = in.nextToken();
        }
        if (t == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            in.nextToken();
            return name;
        }
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        throw mismatch(in, "expected a member name or the end of the object, found " + describe(t));
    }

    /** @return whether the parser is at JSON null */
    public static boolean isNull(JsonParser in) {
        return in.currentToken() == JsonToken.VALUE_NULL;
    }

    public static @Nullable String readString(JsonParser in, boolean lenient) throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return in.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (lenient && t != null && t.isScalarValue()) {
            return in.getText();
        }
        throw mismatch(in, "expected a string, found " + describe(t));
    }

    public static @Nullable Integer readInteger(JsonParser in, boolean lenient) throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return in.getIntValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (lenient) {
            BigDecimal number = lenientNumber(in, t);
            if (number != null) {
                try {
                    return number.intValueExact();
                } catch (ArithmeticException notAnInt) {
                    // Falls through to the mismatch below.
                }
            }
        }
        throw mismatch(in, "expected an integer, found " + describe(t));
    }

    public static @Nullable Long readLong(JsonParser in, boolean lenient) throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return in.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (lenient) {
            BigDecimal number = lenientNumber(in, t);
            if (number != null) {
                try {
                    return number.longValueExact();
                } catch (ArithmeticException notALong) {
                    // Falls through to the mismatch below.
                }
            }
        }
        throw mismatch(in, "expected an integer, found " + describe(t));
    }

    private static @Nullable BigDecimal lenientNumber(JsonParser in, @Nullable JsonToken t) throws IOException {
        try {
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                return in.getDecimalValue();
            }
            if (t == JsonToken.VALUE_STRING) {
                return new BigDecimal(in.getText().trim());
            }
        } catch (NumberFormatException notANumber) {
            return null;
        }
        return null;
    }

    public static @Nullable Boolean readBoolean(JsonParser in, boolean lenient) throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (lenient && t == JsonToken.VALUE_STRING) {
            String text = in.getText().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
        }
        throw mismatch(in, "expected true or false, found " + describe(t));
    }

    /**
     * Reads a timestamp: epoch seconds, whole or fractional; when lenient, also a string of either or of
     * ISO-8601.
     */
    public static @Nullable Instant readInstant(JsonParser in, boolean lenient) throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(in.getLongValue());
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return epochSeconds(in.getDecimalValue());
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (lenient && t == JsonToken.VALUE_STRING) {
            String text = in.getText().trim();
            try {
                return epochSeconds(new BigDecimal(text));
            } catch (NumberFormatException notSeconds) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException notIso) {
                    // Falls through to the mismatch below.
                }
            }
        }
        throw mismatch(in, "expected a timestamp in epoch seconds, found " + describe(t));
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        int nanos = seconds.subtract(whole).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    public static <T> @Nullable List<T> readList(JsonParser in, boolean lenient, Reader<T> element) throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw mismatch(in, "expected a JSON array, found " + describe(t));
        }
        List<T> list = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            T value = element.read(in, lenient);
            if (value == null) {
                throw mismatch(in, "a list may not hold null");
            }
            list.add(value);
        }
        return Collections.unmodifiableList(list);
    }

    public static <V> @Nullable Map<String, V> readMap(JsonParser in, boolean lenient, Reader<V> value)
            throws IOException {
        JsonToken t = in.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw mismatch(in, "expected a JSON object, found " + describe(t));
        }
        Map<String, V> map = new LinkedHashMap<>();
        for (String key = nextMember(in); key != null; key = nextMember(in)) {
            V v = value.read(in, lenient);
            if (v == null) {
                throw mismatch(in, "the map has null for the key '" + key + "'; leave the key out instead");
            }
            map.put(key, v);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Checks that a value read for a member that must have one is there.
     *
     * @param value the value
     * @param in the parser, for the message
     * @param <T> the type
     * @return the value
     * @throws JsonParseException when it is null
     */
    public static <T> T required(@Nullable T value, JsonParser in) throws JsonParseException {
        if (value == null) {
            throw mismatch(in, "a value is needed here, not null");
        }
        return value;
    }

    /** Writes epoch seconds as the service does: whole seconds bare, a fraction without trailing zeros. */
    public static void writeInstant(JsonGenerator out, Instant value) throws IOException {
        if (value.getNano() == 0) {
            out.writeNumber(value.getEpochSecond());
        } else {
            out.writeNumber(BigDecimal.valueOf(value.getEpochSecond())
                    .add(BigDecimal.valueOf(value.getNano(), 9))
                    .stripTrailingZeros());
        }
    }

    public static <T> void writeList(JsonGenerator out, List<T> list, Writer<T> element) throws IOException {
        out.writeStartArray();
        for (T value : list) {
            element.write(out, value);
        }
        out.writeEndArray();
    }

    public static <V> void writeMap(JsonGenerator out, Map<String, V> map, Writer<V> value) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, V> entry : map.entrySet()) {
            out.writeFieldName(entry.getKey());
            value.write(out, entry.getValue());
        }
        out.writeEndObject();
    }

    /** Writes {@code {}}, the value of a union member set to an empty structure. */
    public static void writeEmptyObject(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeEndObject();
    }

    /**
     * Returns the error for JSON that does not fit the model, naming the member being read.
     *
     * @param in the parser
     * @param problem what is wrong
     * @return the exception to throw
     */
    public static JsonParseException mismatch(JsonParser in, String problem) {
        String member = null;
        try {
            member = in.currentName();
        } catch (IOException | RuntimeException unknown) {
            // No member name then.
        }
        return new JsonParseException(in, member == null ? problem : member + ": " + problem);
    }

    private static String describe(@Nullable JsonToken t) {
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.toString();
        };
    }
}
