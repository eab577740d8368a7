package dev.microvms.client.exception;

/** The service has no capacity for the request now; retried by the client (HTTP 500). */
public final class InsufficientCapacityException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public InsufficientCapacityException(ServiceError error) {
        super(error);
    }
}
