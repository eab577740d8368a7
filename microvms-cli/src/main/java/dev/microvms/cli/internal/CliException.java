package dev.microvms.cli.internal;

/**
 * A failure found by the command line itself that says what was wrong and what to do, with the exit code of
 * its cause (see {@link dev.microvms.cli.ExitCodes}).
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode the exit code of the cause
     * @param message what was wrong and how to go on
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** @return the exit code */
    public int exitCode() {
        return exitCode;
    }
}
