package dev.microvms.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.client.exception.ServiceQuotaExceededException;
import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.ErrorMember;
import dev.microvms.model.wire.ErrorShape;
import dev.microvms.model.wire.Location;
import dev.microvms.model.wire.OperationBinding;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error the model declares, read from an answer that carries each of its members: the exception of
 * its own class, each member on its accessor, the model's retry traits on {@code isRetryable()} and
 * {@code isThrottling()}; and an answer without an error code, read as the operation's modelled error of
 * that status.
 */
class ModelledErrorsTest {
    private final ErrorDecoder decoder = new ErrorDecoder(Clock.systemUTC());

    static Stream<ErrorShape> errors() {
        return Bindings.ERRORS.values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void decode_everyMember_isOnItsAccessor(ErrorShape error) throws Exception {
        StringBuilder body = new StringBuilder("{");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Amzn-ErrorType", List.of(error.name()));
        for (ErrorMember m : error.members()) {
            String value = m.name().equals("retryAfterSeconds") ? "7" : "the-" + m.name();
            if (m.location() == Location.HEADER) {
                headers.put(m.wireName(), List.of(value));
            } else {
                body.append(body.length() > 1 ? "," : "")
                        .append('"')
                        .append(m.wireName())
                        .append("\":\"")
                        .append(value)
                        .append('"');
            }
        }
        byte[] bytes = body.append('}').toString().getBytes(StandardCharsets.UTF_8);

        MicrovmsServiceException e = decoder.decode(new WireResponse(error.httpStatus(), headers, bytes));

        assertThat(e.getClass().getSimpleName()).isEqualTo(error.name());
        assertThat(e.statusCode()).isEqualTo(error.httpStatus());
        for (ErrorMember m : error.members()) {
            switch (m.name()) {
                case "message" -> assertThat(e.errorMessage()).isEqualTo("the-message");
                case "retryAfterSeconds" ->
                    assertThat(e.retryAfter())
                            .hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(7));
                default -> {
                    Method accessor = e.getClass().getMethod(m.name());
                    assertThat(accessor.invoke(e)).as(m.name()).isEqualTo("the-" + m.name());
                    assertThat(e.serviceError().member(m.name())).isEqualTo("the-" + m.name());
                }
            }
        }
        assertThat(e.isRetryable()).isEqualTo(error.retryable() || error.fault() || error.httpStatus() == 429);
        assertThat(e.isThrottling()).isEqualTo(error.throttling() || error.httpStatus() == 429);
    }

    @Test
    void decode_lambdaStyleCapitalizedMembers_areRead() {
        byte[] body = "{\"Type\":\"User\",\"Message\":\"Invalid resource ARN\"}".getBytes(StandardCharsets.UTF_8);

        MicrovmsServiceException e = decoder.decode(
                new WireResponse(400, Map.of("X-Amzn-ErrorType", List.of("InvalidParameterValueException")), body));

        assertThat(e.serviceError().member("type")).isEqualTo("User");
        assertThat(e.errorMessage()).isEqualTo("Invalid resource ARN");
    }

    static Stream<OperationBinding<?, ?>> operations() {
        return Bindings.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void decode_statusWithoutACode_isTheOperationsFirstModelledErrorOfThatStatus(OperationBinding<?, ?> op) {
        for (String name : op.errors()) {
            ErrorShape error = Bindings.ERRORS.get(name);
            String first = op.errors().stream()
                    .filter(other -> Bindings.ERRORS.get(other).httpStatus() == error.httpStatus())
                    .findFirst()
                    .orElseThrow();

            MicrovmsServiceException e =
                    decoder.decode(new WireResponse(error.httpStatus(), Map.of(), new byte[0]), op);

            assertThat(e.errorCode()).as("%s %d", op.name(), error.httpStatus()).isEqualTo(first);
        }
    }

    @Test
    void decode_402WithoutACode_isServiceQuotaExceeded() {
        MicrovmsServiceException e = decoder.decode(
                new WireResponse(
                        402,
                        Map.of(),
                        "{\"message\":\"quota\",\"quotaCode\":\"L-1\"}".getBytes(StandardCharsets.UTF_8)),
                Bindings.RUN_MICROVM);

        assertThat(e).isInstanceOf(ServiceQuotaExceededException.class);
        assertThat(((ServiceQuotaExceededException) e).quotaCode()).isEqualTo("L-1");
    }
}
