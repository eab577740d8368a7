package dev.microvms.emulator.logs;

/** The CloudWatch Logs errors the emulator answers, with their codes; all are HTTP 400, as the service sends them. */
public enum LogsError {
    /** A log group or stream that does not exist. */
    RESOURCE_NOT_FOUND("ResourceNotFoundException"),
    /** A log group or stream created twice. */
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException"),
    /** A member outside its constraints, or members that do not go together. */
    INVALID_PARAMETER("InvalidParameterException"),
    /** More log groups or streams than the emulator keeps. */
    LIMIT_EXCEEDED("LimitExceededException"),
    /** A body that is not the operation's JSON. */
    SERIALIZATION("SerializationException"),
    /** An {@code X-Amz-Target} the emulator does not answer. */
    UNKNOWN_OPERATION("UnknownOperationException");

    private final String code;

    LogsError(String code) {
        this.code = code;
    }

    /** @return the error code on the wire, the {@code __type} */
    public String code() {
        return code;
    }
}
