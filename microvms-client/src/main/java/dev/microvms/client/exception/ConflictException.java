package dev.microvms.client.exception;

/** The resource is in the wrong state for the call, or a client token was reused with other parameters (HTTP 409). */
public final class ConflictException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public ConflictException(ServiceError error) {
        super(error);
    }
}
