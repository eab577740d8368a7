package dev.microvms.client.exception;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the service said about a failed request, as read from the response.
 *
 * @param statusCode the HTTP status
 * @param errorCode the error type, such as {@code ResourceNotFoundException}, from the {@code
 *     X-Amzn-ErrorType} header or the body; kept as sent when this client does not model it
 * @param errorMessage the service's message, if any
 * @param requestId the {@code x-amzn-RequestId} of the response, if any
 * @param retryAfter the {@code Retry-After} the service asked for, if any
 * @param resourceType the type of the resource the error is about, where the service names it
 * @param resourceId the identifier of the resource the error is about, where the service names it
 * @param members every member of the modelled error the response carried, by its Java name (such as
 *     {@code quotaCode} or {@code type}), as text
 */
public record ServiceError(
        int statusCode,
        String errorCode,
        @Nullable String errorMessage,
        @Nullable String requestId,
        @Nullable Duration retryAfter,
        @Nullable String resourceType,
        @Nullable String resourceId,
        Map<String, String> members) {

    /** Copies the members. */
    public ServiceError {
        members = Map.copyOf(members);
    }

    /**
     * Creates an error without other members.
     *
     * @param statusCode the HTTP status
     * @param errorCode the error type
     * @param errorMessage the service's message, if any
     * @param requestId the request id, if any
     * @param retryAfter the {@code Retry-After}, if any
     * @param resourceType the resource's type, if any
     * @param resourceId the resource's identifier, if any
     */
    public ServiceError(
            int statusCode,
            String errorCode,
            @Nullable String errorMessage,
            @Nullable String requestId,
            @Nullable Duration retryAfter,
            @Nullable String resourceType,
            @Nullable String resourceId) {
        this(statusCode, errorCode, errorMessage, requestId, retryAfter, resourceType, resourceId, Map.of());
    }

    /**
     * Returns a member of the modelled error.
     *
     * @param name its Java name, such as {@code serviceCode}
     * @return its value as the service sent it, or null when it did not
     */
    public @Nullable String member(String name) {
        return members.get(name);
    }
}
