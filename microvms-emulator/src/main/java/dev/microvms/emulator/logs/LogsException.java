package dev.microvms.emulator.logs;

/** A CloudWatch Logs call refused, with the service's error code and message. */
public final class LogsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final LogsError error;

    /**
     * @param error the error
     * @param message the message, in the service's words
     */
    public LogsException(LogsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** @return the error */
    public LogsError error() {
        return error;
    }
}
