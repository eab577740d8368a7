package dev.microvms.client.exception;

/** A tag operation conflicts with the resource's state (HTTP 409). */
public final class ResourceConflictException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public ResourceConflictException(ServiceError error) {
        super(error);
    }
}
