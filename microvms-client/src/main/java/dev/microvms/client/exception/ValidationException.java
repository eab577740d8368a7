package dev.microvms.client.exception;

/** The request broke a constraint of the service; the message names the member (HTTP 400). */
public final class ValidationException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public ValidationException(ServiceError error) {
        super(error);
    }
}
