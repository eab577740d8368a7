package dev.microvms.client.exception;

/** The service failed; retried by the client (HTTP 500). */
public final class InternalServerException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public InternalServerException(ServiceError error) {
        super(error);
    }
}
