package dev.microvms.guest;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the platform passed to the {@code run} hook.
 *
 * @param microvmId the id of this MicroVM, for example {@code microvm-0123456789abcdef}
 * @param payload the {@code runHookPayload} given to RunMicrovm, already unwrapped from the JSON string the
 *     platform sends it in (so a JSON payload arrives here as JSON text, ready for the app's own parser);
 *     {@code null} when RunMicrovm had no payload
 */
public record RunContext(String microvmId, @Nullable String payload) {

    /** Checks the id. */
    public RunContext {
        Objects.requireNonNull(microvmId, "microvmId == null");
    }
}
