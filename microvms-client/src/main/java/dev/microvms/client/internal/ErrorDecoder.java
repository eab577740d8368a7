package dev.microvms.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.client.exception.AccessDeniedException;
import dev.microvms.client.exception.ConflictException;
import dev.microvms.client.exception.InsufficientCapacityException;
import dev.microvms.client.exception.InternalServerException;
import dev.microvms.client.exception.InvalidParameterValueException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.client.exception.ResourceConflictException;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ServiceError;
import dev.microvms.client.exception.ServiceException;
import dev.microvms.client.exception.ServiceQuotaExceededException;
import dev.microvms.client.exception.ThrottlingException;
import dev.microvms.client.exception.TooManyRequestsException;
import dev.microvms.client.exception.ValidationException;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns an error response into the exception of its modelled error. The error code comes from the
 * {@code X-Amzn-ErrorType} header, else from {@code __type} or {@code code} in the body; a code that
 * is not modelled is kept on a plain {@link MicrovmsServiceException}.
 */
public final class ErrorDecoder {
    private static final Map<String, Function<ServiceError, MicrovmsServiceException>> MODELLED = Map.ofEntries(
            Map.entry("ValidationException", ValidationException::new),
            Map.entry("AccessDeniedException", AccessDeniedException::new),
            Map.entry("ResourceNotFoundException", ResourceNotFoundException::new),
            Map.entry("ConflictException", ConflictException::new),
            Map.entry("ServiceQuotaExceededException", ServiceQuotaExceededException::new),
            Map.entry("ThrottlingException", ThrottlingException::new),
            Map.entry("InternalServerException", InternalServerException::new),
            Map.entry("InsufficientCapacityException", InsufficientCapacityException::new),
            Map.entry("InvalidParameterValueException", InvalidParameterValueException::new),
            Map.entry("ResourceConflictException", ResourceConflictException::new),
            Map.entry("TooManyRequestsException", TooManyRequestsException::new),
            Map.entry("ServiceException", ServiceException::new));

    private final Clock clock;

    /** @param clock the clock that dates in {@code Retry-After} are measured against */
    public ErrorDecoder(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reads an error response.
     *
     * @param response a response whose status is not the operation's success status
     * @return the exception to throw
     */
    public MicrovmsServiceException decode(WireResponse response) {
        JsonNode body = parse(response.body());
        String code = codeOf(response, body);
        ServiceError error = new ServiceError(
                response.status(),
                code,
                text(body, "message", "Message", "errorMessage"),
                firstNonNull(response.header("x-amzn-RequestId"), response.header("x-amz-request-id")),
                retryAfter(response.header("Retry-After")),
                text(body, "resourceType", "ResourceType"),
                text(body, "resourceId", "ResourceId"));
        Function<ServiceError, MicrovmsServiceException> factory = MODELLED.get(code);
        return factory == null ? new MicrovmsServiceException(error) : factory.apply(error);
    }

    private static String codeOf(WireResponse response, @Nullable JsonNode body) {
        String code = response.header("X-Amzn-ErrorType");
        if (code == null) {
            code = text(body, "__type", "code", "Code");
        }
        if (code == null) {
            return fallbackCode(response.status());
        }
        // The header may carry a suffix ("Name:http://..."); __type may carry a namespace ("ns#Name").
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        int hash = code.lastIndexOf('#');
        return hash >= 0 ? code.substring(hash + 1) : code;
    }

    private static String fallbackCode(int status) {
        return switch (status) {
            case 400 -> "ValidationException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 409 -> "ConflictException";
            case 429 -> "ThrottlingException";
            default -> status >= 500 ? "InternalServerException" : "Http" + status;
        };
    }

    private @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static @Nullable JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = WireJson.mapper().readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable JsonNode body, String... names) {
        if (body == null) {
            return null;
        }
        for (String name : names) {
            JsonNode value = body.get(name);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }

    private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }
}
