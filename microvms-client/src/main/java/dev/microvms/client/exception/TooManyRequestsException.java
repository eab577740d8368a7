package dev.microvms.client.exception;

/** Too many tag requests; retried by the client (HTTP 429). */
public final class TooManyRequestsException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public TooManyRequestsException(ServiceError error) {
        super(error);
    }
}
