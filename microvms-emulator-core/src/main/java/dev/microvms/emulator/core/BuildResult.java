package dev.microvms.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * How a build ended: with the sizes it measured, or with the service's reason and code for its failure.
 *
 * @param sizes what the build measured, when it succeeded
 * @param failureReason the build's stateReason, such as {@code The container image build failed.}
 * @param failureCode the failure's code, such as {@code ARCHIVE_DOCKERFILE_NOT_FOUND}
 */
public record BuildResult(@Nullable SnapshotSizes sizes, @Nullable String failureReason, @Nullable String failureCode) {

    /** @return a successful build */
    public static BuildResult success(SnapshotSizes sizes) {
        return new BuildResult(sizes, null, null);
    }

    /** @return a failed build */
    public static BuildResult failure(String reason, String code) {
        return new BuildResult(null, reason, code);
    }

    /** @return true when the build succeeded */
    public boolean succeeded() {
        return failureReason == null;
    }
}
