package dev.microvms.sdk.internal;

import java.time.Duration;

/**
 * The delay between polls and the overall timeout of one wait.
 *
 * @param delay the delay between two polls
 * @param timeout how long to wait in all
 */
public record WaiterTiming(Duration delay, Duration timeout) {
    /** MicroVM state changes: a cold start to RUNNING takes seconds. */
    public static final WaiterTiming MICROVM = new WaiterTiming(Duration.ofSeconds(2), Duration.ofMinutes(10));

    /** Image builds take 3-15 minutes, sometimes more. */
    public static final WaiterTiming BUILD = new WaiterTiming(Duration.ofSeconds(15), Duration.ofMinutes(60));

    /** An app answering its readiness path after RUNNING. */
    public static final WaiterTiming READINESS = new WaiterTiming(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** Deletions. */
    public static final WaiterTiming DELETE = new WaiterTiming(Duration.ofSeconds(5), Duration.ofMinutes(10));
}
