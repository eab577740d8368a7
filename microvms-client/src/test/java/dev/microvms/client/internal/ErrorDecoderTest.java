package dev.microvms.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.exception.AccessDeniedException;
import dev.microvms.client.exception.ConflictException;
import dev.microvms.client.exception.InsufficientCapacityException;
import dev.microvms.client.exception.InternalServerException;
import dev.microvms.client.exception.InvalidParameterValueException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.client.exception.ResourceConflictException;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ServiceException;
import dev.microvms.client.exception.ServiceQuotaExceededException;
import dev.microvms.client.exception.ThrottlingException;
import dev.microvms.client.exception.TooManyRequestsException;
import dev.microvms.client.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Error responses read into the exception of their modelled error, with what the service said about them. */
class ErrorDecoderTest {
    /** 2026-10-21T07:28:00Z, so that an HTTP date in Retry-After is measured against a known time. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);

    private final ErrorDecoder decoder = new ErrorDecoder(CLOCK);

    static Stream<Arguments> modelledErrors() {
        return Stream.of(
                Arguments.of("ValidationException", 400, ValidationException.class),
                Arguments.of("AccessDeniedException", 403, AccessDeniedException.class),
                Arguments.of("ResourceNotFoundException", 404, ResourceNotFoundException.class),
                Arguments.of("ConflictException", 409, ConflictException.class),
                Arguments.of("ServiceQuotaExceededException", 402, ServiceQuotaExceededException.class),
                Arguments.of("ThrottlingException", 429, ThrottlingException.class),
                Arguments.of("InternalServerException", 500, InternalServerException.class),
                Arguments.of("InsufficientCapacityException", 500, InsufficientCapacityException.class),
                Arguments.of("InvalidParameterValueException", 400, InvalidParameterValueException.class),
                Arguments.of("ResourceConflictException", 409, ResourceConflictException.class),
                Arguments.of("TooManyRequestsException", 429, TooManyRequestsException.class),
                Arguments.of("ServiceException", 500, ServiceException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelledErrors")
    void decode_modelledError_isItsOwnClass(String code, int status, Class<?> type) {
        MicrovmsServiceException e = decoder.decode(response(
                status,
                "{\"message\":\"what happened\",\"resourceType\":\"MicroVM\",\"resourceId\":\"microvm-1\"}",
                "X-Amzn-ErrorType",
                code,
                "x-amzn-RequestId",
                "req-1"));

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.errorMessage()).isEqualTo("what happened");
        assertThat(e.requestId()).isEqualTo("req-1");
        assertThat(e.resourceType()).isEqualTo("MicroVM");
        assertThat(e.resourceId()).isEqualTo("microvm-1");
        assertThat(e.getMessage()).contains("what happened", code, String.valueOf(status), "req-1");
    }

    @Test
    void decode_errorTypeHeaderWithSuffix_dropsTheSuffix() {
        MicrovmsServiceException e = decoder.decode(response(
                400,
                "{\"message\":\"bad\"}",
                "X-Amzn-ErrorType",
                "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"));

        assertThat(e).isExactlyInstanceOf(ValidationException.class);
        assertThat(e.errorCode()).isEqualTo("ValidationException");
    }

    @Test
    void decode_typeWithNamespace_dropsTheNamespace() {
        MicrovmsServiceException e = decoder.decode(response(
                409, "{\"__type\":\"com.amazonaws.lambdamicrovms#ConflictException\",\"message\":\"not SUSPENDED\"}"));

        assertThat(e).isExactlyInstanceOf(ConflictException.class);
        assertThat(e.errorCode()).isEqualTo("ConflictException");
        assertThat(e.errorMessage()).isEqualTo("not SUSPENDED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"code", "Code"})
    void decode_codeInTheBody_isUsed(String member) {
        MicrovmsServiceException e = decoder.decode(
                response(404, "{\"" + member + "\":\"ResourceNotFoundException\",\"Message\":\"gone\"}"));

        assertThat(e).isExactlyInstanceOf(ResourceNotFoundException.class);
        assertThat(e.errorMessage()).isEqualTo("gone");
    }

    @Test
    void decode_headerAndBody_headerWins() {
        MicrovmsServiceException e = decoder.decode(
                response(429, "{\"__type\":\"ValidationException\"}", "X-Amzn-ErrorType", "ThrottlingException"));

        assertThat(e).isExactlyInstanceOf(ThrottlingException.class);
    }

    @ParameterizedTest(name = "{0} with body {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "400 | {}                        | ValidationException",
                "403 | ''                        | AccessDeniedException",
                "404 | <html>Not Found</html>    | ResourceNotFoundException",
                "409 | {\"message\":\"busy\"}     | ConflictException",
                "429 | ''                        | ThrottlingException",
                "500 | ''                        | InternalServerException",
                "503 | <html>busy</html>         | InternalServerException",
                "418 | ''                        | Http418",
            })
    void decode_noCodeAnywhere_fallsBackOnTheStatus(int status, String body, String code) {
        MicrovmsServiceException e = decoder.decode(response(status, body));

        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.getClass().getSimpleName()).isEqualTo(code.startsWith("Http") ? "MicrovmsServiceException" : code);
    }

    @Test
    void decode_unmodelledCode_keepsTheCodeOnThePlainException() {
        MicrovmsServiceException e =
                decoder.decode(response(400, "{\"message\":\"new\"}", "X-Amzn-ErrorType", "KmsAccessDeniedException"));

        assertThat(e).isExactlyInstanceOf(MicrovmsServiceException.class);
        assertThat(e.errorCode()).isEqualTo("KmsAccessDeniedException");
        assertThat(e.getMessage()).contains("new", "KmsAccessDeniedException");
    }

    @Test
    void decode_noMessage_saysTheCode() {
        // Unsupported regions answer AccessDeniedException with a null message.
        MicrovmsServiceException e =
                decoder.decode(response(403, "{\"message\":null}", "X-Amzn-ErrorType", "AccessDeniedException"));

        assertThat(e.errorMessage()).isNull();
        assertThat(e.getMessage()).startsWith("AccessDeniedException (Service: LambdaMicrovms, Status Code: 403");
    }

    @Test
    void decode_amzRequestIdHeader_isTheRequestId() {
        MicrovmsServiceException e = decoder.decode(response(500, "", "x-amz-request-id", "req-2"));

        assertThat(e.requestId()).isEqualTo("req-2");
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "7                              | PT7S",
                "' 12 '                         | PT12S",
                "0                              | PT0S",
                "-3                             | PT0S",
                "Wed, 21 Oct 2026 07:28:30 GMT  | PT30S",
                "Wed, 21 Oct 2026 07:30:00 GMT  | PT2M",
                "Wed, 21 Oct 2026 07:27:00 GMT  | PT0S",
            })
    void decode_retryAfter_isHowLongToWait(String header, String wait) {
        MicrovmsServiceException e =
                decoder.decode(response(503, "", "X-Amzn-ErrorType", "InternalServerException", "Retry-After", header));

        assertThat(e.retryAfter()).contains(Duration.parse(wait));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "21 Oct 2026"})
    void decode_unreadableRetryAfter_isAbsent(String header) {
        MicrovmsServiceException e = decoder.decode(response(429, "", "Retry-After", header));

        assertThat(e.retryAfter()).isEmpty();
    }

    private static WireResponse response(int status, String body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return new WireResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
