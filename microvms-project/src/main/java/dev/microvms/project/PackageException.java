package dev.microvms.project;

/** A project that cannot be packaged as it is, such as one without a Dockerfile; the message says how to fix it. */
public final class PackageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public PackageException(String message) {
        super(message);
    }
}
