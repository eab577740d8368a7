package dev.microvms.emulator.core;

/** Builds one image version for real: fetch the artifact, run the Dockerfile, call the build hooks. */
@FunctionalInterface
public interface ImageBuilder {

    /**
     * Builds a version. Called on a build thread, never under the control plane's lock.
     *
     * @param job what to build
     * @return how the build ended
     * @throws InterruptedException when the emulator stops during the build
     */
    BuildResult build(BuildJob job) throws InterruptedException;

    /**
     * Removes what a failed build left on disk (its unpacked archive, its tree), keeping its log. Called on
     * a build thread once the failure is recorded, so that a full disk is freed after, never before, the
     * version is FAILED for good.
     *
     * @param job the build that failed
     */
    default void discardWork(BuildJob job) {}

    /**
     * Removes every file kept for a version: its tree, its build context and its log. Called on a build
     * thread when the version, or its image, is deleted, before its record goes.
     *
     * @param job the version, as it was built
     */
    default void discard(BuildJob job) {}
}
