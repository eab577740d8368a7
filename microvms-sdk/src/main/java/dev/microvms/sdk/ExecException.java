package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A command inside a MicroVM did not give a result: it could not start (no such program, no such working
 * directory), ran out of time, wrote more than a buffered exec keeps, or exited non-zero when the request
 * asked for that to fail. A non-zero exit is otherwise a result, not an error.
 */
public final class ExecException extends MicrovmsClientException {
    private static final long serialVersionUID = 1L;

    /** Why the command gave no result. */
    public enum Reason {
        /** The program is not in the MicroVM's PATH, or its path does not exist. */
        COMMAND_NOT_FOUND,
        /** The working directory does not exist. */
        WORKING_DIRECTORY_NOT_FOUND,
        /** The command ran longer than its timeout and was killed. */
        TIMED_OUT,
        /** The command wrote more than the request's maxOutputBytes to stdout or stderr. */
        OUTPUT_TOO_LARGE,
        /** The command exited non-zero and the request asked for that to fail. */
        NON_ZERO_EXIT
    }

    private final Reason reason;
    private final String microvmId;
    private final String command;
    private final transient @Nullable ExecResult result;

    /**
     * @param reason why
     * @param microvmId the MicroVM
     * @param command the command, as a person would type it
     * @param result what it did so far, when it ran
     * @param message what happened and what to do
     */
    public ExecException(Reason reason, String microvmId, String command, @Nullable ExecResult result, String message) {
        super(message);
        this.reason = reason;
        this.microvmId = microvmId;
        this.command = command;
        this.result = result;
    }

    /** @return why the command gave no result */
    public Reason reason() {
        return reason;
    }

    /** @return the MicroVM it was to run in */
    public String microvmId() {
        return microvmId;
    }

    /** @return the command, as a person would type it */
    public String command() {
        return command;
    }

    /**
     * @return what the command did: its exit code and output for NON_ZERO_EXIT, the output so far for
     *     TIMED_OUT and OUTPUT_TOO_LARGE (exit code -1); empty when it never started
     */
    public Optional<ExecResult> result() {
        return Optional.ofNullable(result);
    }
}
