package dev.microvms.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * The model's shared string shapes as checks, so that every operation that takes one checks it alike:
 * {@code MicrovmImageIdentifier} and {@code MicrovmIdentifier} (1-256, "ARN or ID", no pattern) and
 * {@code NonBlankString} (1-2048, no whitespace).
 */
final class Shapes {
    private Shapes() {}

    /** A required MicrovmImageIdentifier. */
    static void imageIdentifier(Violations v, @Nullable String value) {
        if (v.notNull("imageIdentifier", value)) {
            v.string("imageIdentifier", value, 1, 256, null);
        }
    }

    /** A required MicrovmIdentifier. */
    static void microvmIdentifier(Violations v, @Nullable String value) {
        if (v.notNull("microvmIdentifier", value)) {
            v.string("microvmIdentifier", value, 1, 256, null);
        }
    }

    /** A required NonBlankString. */
    static void requiredNonBlank(Violations v, String member, @Nullable String value) {
        if (v.notNull(member, value)) {
            nonBlank(v, member, value);
        }
    }

    /** An optional NonBlankString. */
    static void nonBlank(Violations v, String member, @Nullable String value) {
        v.string(member, value, 1, 2048, ImageConfigs.NON_BLANK);
    }
}
