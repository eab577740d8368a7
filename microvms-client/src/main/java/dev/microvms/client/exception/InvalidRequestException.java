package dev.microvms.client.exception;

/**
 * A request that the service is known to refuse (or to refuse with a misleading error), caught before it
 * is sent. The message names the member and the value and says how to fix it.
 */
public final class InvalidRequestException extends MicrovmsClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an error.
     *
     * @param message the member, its value and how to fix it
     */
    public InvalidRequestException(String message) {
        super(message);
    }
}
