package dev.microvms.emulator.iam;

/** An IAM call refused, with IAM's error code and message. */
public final class IamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final IamError error;

    /**
     * @param error the error
     * @param message the message, in IAM's words
     */
    public IamException(IamError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** @return the error */
    public IamError error() {
        return error;
    }
}
