package dev.microvms.client.exception;

import org.jspecify.annotations.Nullable;

/**
 * An error on this side of the wire: the request could not be sent or its answer not read (I/O, a
 * timeout), or the client's settings are wrong. The service never saw or never answered the request.
 */
public class MicrovmsClientException extends MicrovmsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an error.
     *
     * @param message what went wrong and how to fix it
     */
    public MicrovmsClientException(String message) {
        super(message, null);
    }

    /**
     * Creates an error with a cause.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying error
     */
    public MicrovmsClientException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
