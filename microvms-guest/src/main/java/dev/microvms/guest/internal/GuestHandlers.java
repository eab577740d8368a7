package dev.microvms.guest.internal;

import dev.microvms.guest.HookHandler;
import dev.microvms.guest.RunHandler;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The app's handlers, as the builder collected them.
 *
 * @param readiness whether the app is ready, asked by {@code ready} until {@code markReady()} is called
 * @param validation whether validation passed, asked by {@code validate} once ready; {@code null} for "yes"
 * @param run the {@code run} handler
 * @param resume the {@code resume} handler
 * @param suspend the {@code suspend} handler
 * @param terminate the {@code terminate} handler
 */
public record GuestHandlers(
        BooleanSupplier readiness,
        @Nullable BooleanSupplier validation,
        RunHandler run,
        HookHandler resume,
        HookHandler suspend,
        HookHandler terminate) {

    /** Checks that every handler except validation is set. */
    public GuestHandlers {
        Objects.requireNonNull(readiness, "readiness == null");
        Objects.requireNonNull(run, "run == null");
        Objects.requireNonNull(resume, "resume == null");
        Objects.requireNonNull(suspend, "suspend == null");
        Objects.requireNonNull(terminate, "terminate == null");
    }
}
