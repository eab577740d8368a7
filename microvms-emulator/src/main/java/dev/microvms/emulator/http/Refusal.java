package dev.microvms.emulator.http;

/**
 * Thrown by an {@link Exchange} that refuses a request while reading its body (too large, malformed):
 * the server answers it with {@link HttpService#error} and the status.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the HTTP status, such as 413
     * @param message what was wrong and how to fix it
     */
    public Refusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
