package dev.microvms.emulator.core;

/**
 * What a successful build measured.
 *
 * @param memorySnapshotSizeInBytes the memory the app used when it said ready
 * @param codeInstallSizeInBytes the size of the image's own files
 * @param diskSnapshotSizeInBytes the size of what the app wrote to disk
 */
public record SnapshotSizes(
        long memorySnapshotSizeInBytes, long codeInstallSizeInBytes, long diskSnapshotSizeInBytes) {}
