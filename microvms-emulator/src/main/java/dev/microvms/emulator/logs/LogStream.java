package dev.microvms.emulator.logs;

/**
 * A log stream as the store keeps it; what it holds is in its batches.
 *
 * @param region its Region
 * @param group its log group's name
 * @param name its name
 * @param creationTime when it was created, in epoch milliseconds
 */
public record LogStream(String region, String group, String name, long creationTime) {}
