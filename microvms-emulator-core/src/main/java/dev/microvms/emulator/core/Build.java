package dev.microvms.emulator.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One build of a version for one chipset generation (the service builds for generations 3 and 4).
 *
 * @param imageArn the image's ARN
 * @param version the image version
 * @param buildId the build's id, a UUID
 * @param chipsetGeneration the chipset generation, {@code 3} or {@code 4}
 * @param state the build's state
 * @param createdAt when it was created
 * @param stateReason why it failed, if it did
 * @param terminationReasonCode the failure's code, such as {@code ARCHIVE_DOCKERFILE_NOT_FOUND}
 * @param sizes the sizes measured when it succeeded
 */
public record Build(
        String imageArn,
        String version,
        String buildId,
        String chipsetGeneration,
        BuildState state,
        Instant createdAt,
        @Nullable String stateReason,
        @Nullable String terminationReasonCode,
        @Nullable SnapshotSizes sizes) {

    /** @return the key of this build in the store */
    public String key() {
        return ImageVersion.key(imageArn, version) + "/" + buildId;
    }

    Build moveTo(BuildState next, @Nullable String reason, @Nullable String code, @Nullable SnapshotSizes newSizes) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("build " + key() + " cannot move from " + state + " to " + next);
        }
        return new Build(imageArn, version, buildId, chipsetGeneration, next, createdAt, reason, code, newSizes);
    }
}
