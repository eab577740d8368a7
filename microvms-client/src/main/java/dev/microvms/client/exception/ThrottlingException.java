package dev.microvms.client.exception;

/** Too many requests; retried by the client, honouring Retry-After (HTTP 429). */
public final class ThrottlingException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public ThrottlingException(ServiceError error) {
        super(error);
    }
}
