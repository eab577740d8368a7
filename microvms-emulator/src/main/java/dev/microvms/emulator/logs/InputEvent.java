package dev.microvms.emulator.logs;

import org.jspecify.annotations.Nullable;

/**
 * An event as PutLogEvents takes it.
 *
 * @param timestamp when it happened, in epoch milliseconds
 * @param message its text
 */
public record InputEvent(@Nullable Long timestamp, @Nullable String message) {}
