package dev.microvms.emulator.logs;

import org.jspecify.annotations.Nullable;

/**
 * A log stream as DescribeLogStreams answers it.
 *
 * @param name its name
 * @param arn its ARN
 * @param creationTime when it was created, in epoch milliseconds
 * @param firstEventTimestamp its first event's timestamp, if it has events
 * @param lastEventTimestamp its last event's timestamp, if it has events
 * @param lastIngestionTime when its last event arrived, if it has events
 */
public record LogStreamSummary(
        String name,
        String arn,
        long creationTime,
        @Nullable Long firstEventTimestamp,
        @Nullable Long lastEventTimestamp,
        @Nullable Long lastIngestionTime) {}
