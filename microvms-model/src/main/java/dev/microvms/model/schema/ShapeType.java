package dev.microvms.model.schema;

/** The kinds of shape of the model; an enum is a {@link #STRING} with {@link Shape#enumValues()}. */
public enum ShapeType {
    /** Text; length constraints count Unicode code points, as the model does. */
    STRING,
    /** A 32-bit integer. */
    INTEGER,
    /** A 64-bit integer. */
    LONG,
    /** True or false. */
    BOOLEAN,
    /** A point in time, epoch seconds on the wire. */
    TIMESTAMP,
    /** A structure of named members. */
    STRUCTURE,
    /** A structure of which exactly one member is set. */
    UNION,
    /** A list; length constraints count its elements. */
    LIST,
    /** A map of string keys; length constraints count its entries. */
    MAP
}
