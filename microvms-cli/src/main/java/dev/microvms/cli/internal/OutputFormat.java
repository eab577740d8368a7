package dev.microvms.cli.internal;

/** The formats of {@code --output}: lower case, as users type them. */
@SuppressWarnings("java:S115") // constant names are the option's values
public enum OutputFormat {
    /** The service's JSON shapes, indented. */
    json,
    /** Tab-separated rows without headers, for scripts. */
    text,
    /** Aligned columns with headers, for people. */
    table
}
