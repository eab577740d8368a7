package dev.microvms.client.exception;

/** The caller may not do this; the service also answers this for an unsupported region and a slash-form image ARN (HTTP 403). */
public final class AccessDeniedException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public AccessDeniedException(ServiceError error) {
        super(error);
    }
}
