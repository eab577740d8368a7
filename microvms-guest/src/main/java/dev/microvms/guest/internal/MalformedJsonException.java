package dev.microvms.guest.internal;

/** JSON text that does not follow RFC 8259, with the offset where reading stopped and what was expected. */
public final class MalformedJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    MalformedJsonException(int offset, String reason) {
        super("malformed JSON at offset " + offset + ": " + reason);
        this.offset = offset;
    }

    /** The offset (in UTF-16 chars from the start of the text) where the error was found. */
    public int offset() {
        return offset;
    }
}
