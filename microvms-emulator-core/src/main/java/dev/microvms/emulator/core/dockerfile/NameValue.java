package dev.microvms.emulator.core.dockerfile;

import org.jspecify.annotations.Nullable;

/**
 * One {@code name=value} pair of an ENV, LABEL or ARG instruction, as written: quotes and escapes are
 * still in the value, and are removed when variables are substituted.
 *
 * @param name the name as written
 * @param value the raw value, or null for an ARG without a default
 */
public record NameValue(String name, @Nullable String value) {}
