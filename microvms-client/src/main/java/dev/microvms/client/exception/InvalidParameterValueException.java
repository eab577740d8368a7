package dev.microvms.client.exception;

/** A parameter of a tag operation is invalid (HTTP 400). */
public final class InvalidParameterValueException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public InvalidParameterValueException(ServiceError error) {
        super(error);
    }
}
