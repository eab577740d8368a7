package dev.microvms.guest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonReaderTest {

    static Stream<Arguments> validInputs() {
        Map<String, @Nullable Object> nested = new LinkedHashMap<>();
        nested.put("a", List.of(new BigDecimal("1"), Map.of("b", "c")));
        nested.put("d", null);
        return Stream.of(
                Arguments.of("\"plain\"", "plain"),
                Arguments.of("  \"padded\"\r\n\t ", "padded"),
                Arguments.of("\"\"", ""),
                Arguments.of("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", "\" \\ / \b \f \n \r \t"),
                Arguments.of("\"\\u0041\\u00e9\\u00E9\\u4e2d\"", "A\u00e9\u00e9\u4e2d"),
                Arguments.of("\"\\ud83d\\ude00\"", "\uD83D\uDE00"),
                Arguments.of("\"\\uD83D\\uDE00 raw: \uD83D\uDE00\"", "\uD83D\uDE00 raw: \uD83D\uDE00"),
                Arguments.of("\"\\u0000\"", "\u0000"),
                Arguments.of("\"lone \\ud800\"", "lone \uD800"),
                Arguments.of("0", new BigDecimal("0")),
                Arguments.of("-0", new BigDecimal("-0")),
                Arguments.of("42", new BigDecimal("42")),
                Arguments.of("-12.5e+3", new BigDecimal("-12.5e+3")),
                Arguments.of("1E-2", new BigDecimal("1E-2")),
                Arguments.of("true", Boolean.TRUE),
                Arguments.of("false", Boolean.FALSE),
                Arguments.of("[]", List.of()),
                Arguments.of("{}", Map.of()),
                Arguments.of("[1, \"two\", true, [ ]]", List.of(new BigDecimal("1"), "two", true, List.of())),
                Arguments.of("{\"a\":[1,{\"b\":\"c\"}],\"d\":null}", nested),
                Arguments.of("{\"k\":1,\"k\":2}", Map.of("k", new BigDecimal("2"))),
                Arguments.of("{\"}\":\"]\"}", Map.of("}", "]")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validInputs")
    void parse_validInput_givesTheValue(String json, Object expected) {
        assertThat(JsonReader.parse(json)).isEqualTo(expected);
    }

    @Test
    void parse_null_givesNull() {
        assertThat(JsonReader.parse(" null ")).isNull();
        assertThat(JsonReader.parse("[null]")).isEqualTo(Arrays.asList((Object) null));
    }

    static Stream<Arguments> malformedInputs() {
        return Stream.of(
                Arguments.of("", 0, "unexpected end of input, expected a value"),
                Arguments.of("   ", 3, "unexpected end of input, expected a value"),
                Arguments.of("nope", 0, "unexpected 'n', expected a value (did you mean null?)"),
                Arguments.of("tru", 0, "did you mean true?"),
                Arguments.of("\"open", 0, "unterminated string"),
                Arguments.of("\"ends in escape\\", 15, "input ends inside an escape"),
                Arguments.of("\"bad \\x\"", 5, "invalid escape '\\x'"),
                Arguments.of("\"\\u12G4\"", 1, "invalid \\u escape \"\\u12G4\", expected 4 hex digits"),
                Arguments.of("\"\\u12", 1, "incomplete \\u escape"),
                Arguments.of("\"\\uZZZZ\"", 1, "invalid \\u escape"),
                Arguments.of("\"\\u\uFF10\uFF10\uFF10\uFF10\"", 1, "invalid \\u escape"),
                Arguments.of("\"tab\there\"", 4, "control character U+0009 inside a string must be escaped"),
                Arguments.of("\"line\nbreak\"", 5, "control character U+000A"),
                Arguments.of("{", 1, "unexpected end of input, expected a string as the member name"),
                Arguments.of("{a:1}", 1, "unexpected 'a', expected a string as the member name"),
                Arguments.of("{\"a\" 1}", 5, "expected ':' after the member name \"a\""),
                Arguments.of("{\"a\":1,}", 7, "expected a string as the member name"),
                Arguments.of("{\"a\":1 \"b\":2}", 7, "expected ',' or '}' in an object"),
                Arguments.of("[1,]", 3, "unexpected ']', expected a value"),
                Arguments.of("[1 2]", 3, "expected ',' or ']' in an array"),
                Arguments.of("[", 1, "unexpected end of input, expected a value"),
                Arguments.of("01", 1, "unexpected '1' after the JSON value"),
                Arguments.of("-", 1, "expected a digit in a number"),
                Arguments.of("+1", 0, "unexpected '+', expected a value"),
                Arguments.of("1.", 2, "expected a digit after the decimal point"),
                Arguments.of(".5", 0, "unexpected '.'"),
                Arguments.of("1e", 2, "expected a digit in the exponent"),
                Arguments.of("1e99999999999", 0, "number 1e99999999999 is out of range"),
                Arguments.of("NaN", 0, "unexpected 'N'"),
                Arguments.of("{} {}", 3, "unexpected '{' after the JSON value"),
                Arguments.of("\"a\"\u0001", 3, "unexpected 'U+0001' after the JSON value"),
                Arguments.of("'single'", 0, "unexpected '''"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedInputs")
    void parse_malformedInput_failsWithOffsetAndReason(String json, int offset, String reason) {
        assertThatThrownBy(() -> JsonReader.parse(json))
                .isInstanceOfSatisfying(MalformedJsonException.class, e -> assertThat(e.offset())
                        .isEqualTo(offset))
                .hasMessageStartingWith("malformed JSON at offset " + offset + ": ")
                .hasMessageContaining(reason);
    }

    @Test
    void parse_nestingAtTheLimit_isRead() {
        String json = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);

        assertThat(JsonReader.parse(json)).isInstanceOf(List.class);
    }

    @Test
    void parse_hostileNesting_failsCleanlyInsteadOfOverflowingTheStack() {
        String json = "[{\"a\":".repeat(100_000);

        assertThatThrownBy(() -> JsonReader.parse(json))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("nested deeper than " + JsonReader.MAX_DEPTH + " levels");
    }
}
