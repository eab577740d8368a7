package dev.microvms.emulator.core.dockerfile;

import org.jspecify.annotations.Nullable;

/**
 * One flag of an instruction, such as {@code --chown=app:app} or {@code --link}.
 *
 * @param name the name without the leading dashes, such as {@code chown}
 * @param value the value after {@code =} with quotes removed, or null for a flag given without a value
 */
public record Flag(String name, @Nullable String value) {

    @Override
    public String toString() {
        return value == null ? "--" + name : "--" + name + "=" + value;
    }
}
