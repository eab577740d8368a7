package dev.microvms.emulator.core.dockerfile;

/**
 * A Dockerfile that cannot be parsed or built. The message starts with {@code line N:} when a line is to
 * blame, says what was wrong and how to fix it; {@link #line()} gives the line number alone.
 */
public final class DockerfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * Creates the error for one line.
     *
     * @param line the 1-based line number, or 0 when no line is to blame
     * @param message what was wrong and how to fix it, without the line prefix
     */
    public DockerfileException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /**
     * Creates the error for one line, with the failure that caused it.
     *
     * @param line the 1-based line number, or 0 when no line is to blame
     * @param message what was wrong and how to fix it, without the line prefix
     * @param cause the underlying failure
     */
    public DockerfileException(int line, String message, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + message : message, cause);
        this.line = line;
    }

    /**
     * Returns the line to blame.
     *
     * @return the 1-based line number of the instruction, or 0 when the error is not about one line
     */
    public int line() {
        return line;
    }
}
