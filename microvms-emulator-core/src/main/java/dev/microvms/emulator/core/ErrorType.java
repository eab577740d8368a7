package dev.microvms.emulator.core;

/** The errors the service answers, with their HTTP status (SERVICE.md section 1, Errors). */
public enum ErrorType {
    VALIDATION("ValidationException", 400),
    ACCESS_DENIED("AccessDeniedException", 403),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    CONFLICT("ConflictException", 409),
    SERVICE_QUOTA_EXCEEDED("ServiceQuotaExceededException", 402),
    THROTTLING("ThrottlingException", 429),
    INTERNAL_SERVER("InternalServerException", 500),
    INSUFFICIENT_CAPACITY("InsufficientCapacityException", 500),
    INVALID_PARAMETER_VALUE("InvalidParameterValueException", 400),
    RESOURCE_CONFLICT("ResourceConflictException", 409),
    TOO_MANY_REQUESTS("TooManyRequestsException", 429),
    SERVICE("ServiceException", 500);

    private final String code;
    private final int status;

    ErrorType(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** @return the name sent in {@code X-Amzn-ErrorType} */
    public String code() {
        return code;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return true for the Lambda tag operations' errors, whose body carries {@code Type} and {@code Message} */
    public boolean lambdaStyle() {
        return this == INVALID_PARAMETER_VALUE
                || this == RESOURCE_CONFLICT
                || this == TOO_MANY_REQUESTS
                || this == SERVICE;
    }
}
