package dev.microvms.emulator.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One version of an image: its build configuration and where its build stands.
 *
 * @param imageArn the image's ARN
 * @param version the version, {@code 1.0}, {@code 2.0}, ...
 * @param config the build configuration
 * @param state the build state
 * @param active whether the version can be run (status ACTIVE, else INACTIVE)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param stateReason why it is in its state, such as a failed build
 */
public record ImageVersion(
        String imageArn,
        String version,
        ImageConfig config,
        VersionState state,
        boolean active,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String stateReason) {

    /** @return the key of this version in the store */
    public String key() {
        return key(imageArn, version);
    }

    /** @return the key of a version in the store */
    public static String key(String imageArn, String version) {
        return imageArn + "/" + version;
    }

    /** @return the number of the version, 2 for {@code 2.0} */
    public int number() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** @return true when MicroVMs can be run from it */
    public boolean runnable() {
        return active && state == VersionState.SUCCESSFUL;
    }

    ImageVersion moveTo(VersionState next, @Nullable String reason, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("version " + key() + " cannot move from " + state + " to " + next);
        }
        return new ImageVersion(imageArn, version, config, next, active, createdAt, now, reason);
    }

    ImageVersion withActive(boolean newActive, Instant now) {
        return new ImageVersion(imageArn, version, config, state, newActive, createdAt, now, stateReason);
    }
}
