package dev.microvms.cli;

/**
 * The exit codes of {@code lambda-microvms}, the same for every command.
 *
 * <ul>
 *   <li>{@value #OK}: done.
 *   <li>{@value #SERVICE_ERROR}: the service (or the MicroVM's app) refused the request, such as a MicroVM that
 *       does not exist.
 *   <li>{@value #USAGE_ERROR}: the command line was wrong: an unknown option, a missing argument, a bad value.
 *   <li>{@value #CLIENT_ERROR}: this side failed: the endpoint could not be reached, credentials are missing, a
 *       file could not be read.
 *   <li>{@value #WAITER_FAILED}: a waiter saw a state it cannot come back from, or ran out of time.
 * </ul>
 */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The service refused the request. */
    public static final int SERVICE_ERROR = 1;
    /** The command line was wrong. */
    public static final int USAGE_ERROR = 2;
    /** This side failed: connection, credentials, files. */
    public static final int CLIENT_ERROR = 3;
    /** A waiter failed or timed out. */
    public static final int WAITER_FAILED = 4;

    private ExitCodes() {}
}
