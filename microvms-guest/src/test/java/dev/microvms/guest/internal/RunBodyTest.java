package dev.microvms.guest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.guest.RunContext;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunBodyTest {

    @Test
    void parse_wrappedJsonPayload_givesTheInnerJsonText() {
        byte[] body = "{\"microvmId\":\"microvm-abc\",\"runHookPayload\":\"{\\\"tenant\\\":\\\"t1\\\"}\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RunBody.parse(body)).isEqualTo(new RunContext("microvm-abc", "{\"tenant\":\"t1\"}"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("", "the run hook body is not valid JSON: malformed JSON at offset 0"),
                Arguments.of("microvm-1", "the run hook body is not valid JSON"),
                Arguments.of("\"microvm-1\"", "must be a JSON object like"),
                Arguments.of("[]", "but it is a JSON array"),
                Arguments.of("{}", "non-empty string \"microvmId\", but it is missing or null"),
                Arguments.of("{\"microvmId\":7}", "\"microvmId\", but it is a JSON number"),
                Arguments.of("{\"microvmId\":\" \"}", "but it is an empty string"),
                Arguments.of(
                        "{\"microvmId\":\"m\",\"runHookPayload\":{\"a\":1}}",
                        "\"runHookPayload\" must be a JSON string (the platform sends the payload wrapped as a"
                                + " string), but it is a JSON object"),
                Arguments.of("{\"microvmId\":\"m\",\"runHookPayload\":[1]}", "but it is a JSON array"),
                Arguments.of("{\"microvmId\":\"m\",\"runHookPayload\":true}", "but it is a JSON boolean"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badBodies")
    void parse_badBody_failsSayingWhatIsWrong(String body, String message) {
        assertThatThrownBy(() -> RunBody.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parse_invalidUtf8_failsInsteadOfReplacingCharacters() {
        byte[] body = {'{', '"', 'm', (byte) 0xC3, '"', ':', '1', '}'};

        assertThatThrownBy(() -> RunBody.parse(body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the run hook body is not valid UTF-8");
    }
}
