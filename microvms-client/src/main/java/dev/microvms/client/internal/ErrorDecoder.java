package dev.microvms.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.client.exception.ServiceError;
import dev.microvms.model.json.WireJson;
import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.ErrorMember;
import dev.microvms.model.wire.ErrorShape;
import dev.microvms.model.wire.Location;
import dev.microvms.model.wire.OperationBinding;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns an error answer into the exception of its modelled error, with every member the model gives it.
 * The error code comes from the {@code X-Amzn-ErrorType} header, else from {@code __type} or {@code code}
 * in the body; without either, from the status: the first error of the operation's model with that
 * status (a 402 is a ServiceQuotaExceededException). A code that is not modelled is kept on a plain
 * {@link MicrovmsServiceException}.
 */
public final class ErrorDecoder {
    private final Clock clock;

    /** @param clock the clock that dates in {@code Retry-After} are measured against */
    public ErrorDecoder(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reads an error answer of an operation.
     *
     * @param response an answer whose status is not a success
     * @param operation the operation it answers, whose modelled errors decide a code the answer leaves out
     * @return the exception to throw
     */
    public MicrovmsServiceException decode(WireResponse response, @Nullable OperationBinding<?, ?> operation) {
        JsonNode body = parse(response.body());
        String code = codeOf(response, body, operation);
        ErrorShape modelled = Bindings.ERRORS.get(code);
        Map<String, String> members = new LinkedHashMap<>();
        if (modelled != null) {
            for (ErrorMember m : modelled.members()) {
                String value = m.location() == Location.HEADER
                        ? response.header(m.wireName())
                        : text(body, m.wireName(), capitalized(m.wireName()), m.name());
                if (value != null) {
                    members.put(m.name(), value);
                }
            }
        }
        ServiceError error = new ServiceError(
                response.status(),
                code,
                text(body, "message", "Message", "errorMessage"),
                firstNonNull(response.header("x-amzn-RequestId"), response.header("x-amz-request-id")),
                retryAfter(response.header("Retry-After")),
                firstNonNull(members.get("resourceType"), text(body, "resourceType", "ResourceType")),
                firstNonNull(members.get("resourceId"), text(body, "resourceId", "ResourceId")),
                members);
        Function<ServiceError, MicrovmsServiceException> factory = ServiceErrors.FACTORIES.get(code);
        return factory == null ? new MicrovmsServiceException(error) : factory.apply(error);
    }

    /**
     * Reads an error answer without knowing its operation.
     *
     * @param response an answer whose status is not a success
     * @return the exception to throw
     */
    public MicrovmsServiceException decode(WireResponse response) {
        return decode(response, null);
    }

    private static String codeOf(
            WireResponse response, @Nullable JsonNode body, @Nullable OperationBinding<?, ?> operation) {
        String code = response.header("X-Amzn-ErrorType");
        if (code == null) {
            code = text(body, "__type", "code", "Code");
        }
        if (code == null) {
            return fallbackCode(response.status(), operation);
        }
        // The header may carry a suffix ("Name:http://..."); __type may carry a namespace ("ns#Name").
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        int hash = code.lastIndexOf('#');
        return hash >= 0 ? code.substring(hash + 1) : code;
    }

    /** The error an answer without a code stands for: the operation's first modelled error of that status. */
    private static String fallbackCode(int status, @Nullable OperationBinding<?, ?> operation) {
        if (operation != null) {
            for (String name : operation.errors()) {
                ErrorShape error = Bindings.ERRORS.get(name);
                if (error != null && error.httpStatus() == status) {
                    return name;
                }
            }
        }
        return switch (status) {
            case 400 -> "ValidationException";
            case 402 -> "ServiceQuotaExceededException";
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

    /** Lambda's tag operations write members capitalized ({@code Type}, {@code Message}); read both. */
    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static @Nullable String text(@Nullable JsonNode body, String... names) {
        if (body == null) {
            return null;
        }
        for (String name : names) {
            JsonNode value = body.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }
}
