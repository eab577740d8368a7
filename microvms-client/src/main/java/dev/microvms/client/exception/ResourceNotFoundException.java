package dev.microvms.client.exception;

/** The resource does not exist; also RunMicrovm on an INACTIVE version (HTTP 404). */
public final class ResourceNotFoundException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public ResourceNotFoundException(ServiceError error) {
        super(error);
    }
}
