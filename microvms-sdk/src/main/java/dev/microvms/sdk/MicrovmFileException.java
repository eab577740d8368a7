package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import org.jspecify.annotations.Nullable;

/** A file operation inside a MicroVM failed: the path, what was wrong with it, and the system's own words. */
public final class MicrovmFileException extends MicrovmsClientException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** Nothing is at the path. */
        NOT_FOUND,
        /** A directory was needed. */
        NOT_A_DIRECTORY,
        /** A file was needed and the path is a directory. */
        IS_A_DIRECTORY,
        /** A regular file was needed and the path is a device, FIFO or socket. */
        NOT_A_FILE,
        /** The MicroVM's user may not read or write it. */
        ACCESS_DENIED,
        /** A directory to delete without recursion is not empty. */
        NOT_EMPTY,
        /** What arrived differs from what was sent (its checksum does not match). */
        CORRUPTED,
        /** Anything else; the message has the system's words. */
        FAILED
    }

    private final Reason reason;
    private final String microvmId;
    private final String path;

    /**
     * @param reason what was wrong
     * @param microvmId the MicroVM
     * @param path the path inside it
     * @param message what happened and what to do
     * @param cause the underlying error, if any
     */
    public MicrovmFileException(
            Reason reason, String microvmId, String path, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.microvmId = microvmId;
        this.path = path;
    }

    /** @return what was wrong */
    public Reason reason() {
        return reason;
    }

    /** @return the MicroVM */
    public String microvmId() {
        return microvmId;
    }

    /** @return the path inside the MicroVM */
    public String path() {
        return path;
    }
}
