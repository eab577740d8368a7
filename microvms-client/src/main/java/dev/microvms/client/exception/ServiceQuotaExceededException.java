package dev.microvms.client.exception;

/** A quota of the account was reached, such as its memory or image quota (HTTP 402). */
public final class ServiceQuotaExceededException extends MicrovmsServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public ServiceQuotaExceededException(ServiceError error) {
        super(error);
    }
}
