package dev.microvms.cli.internal;

/** A command line that parsed but cannot be carried out as given; exits with the usage error code. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and how to fix it */
    public UsageException(String message) {
        super(message);
    }
}
