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
}
