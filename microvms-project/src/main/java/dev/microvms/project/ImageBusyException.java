package dev.microvms.project;

/** An image that is still being created or updated, so that another version cannot be built yet. */
public final class ImageBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the image, its state, and how to watch or wait for the build under way */
    public ImageBusyException(String message) {
        super(message);
    }
}
