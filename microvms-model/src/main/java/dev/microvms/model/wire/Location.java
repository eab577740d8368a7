package dev.microvms.model.wire;

/** Where a member of a request travels, as the model's {@code location} says. */
public enum Location {
    /** A label of the URI path, such as {@code {microvmIdentifier}}. */
    URI,
    /** A query parameter. */
    QUERY,
    /** A header. */
    HEADER,
    /** A member of the JSON body (the model gives no location). */
    BODY
}
