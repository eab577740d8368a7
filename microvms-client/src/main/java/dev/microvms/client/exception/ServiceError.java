package dev.microvms.client.exception;

import java.time.Duration;
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
 */
public record ServiceError(
        int statusCode,
        String errorCode,
        @Nullable String errorMessage,
        @Nullable String requestId,
        @Nullable Duration retryAfter,
        @Nullable String resourceType,
        @Nullable String resourceId) {}
