package dev.microvms.emulator.logs;

import java.util.List;

/**
 * The events of one PutLogEvents (or one shipment of a MicroVM's output), kept as one file in the store: log
 * data is only ever appended, so a batch is written once and removed when the emulator's space for logs runs
 * out, oldest first.
 *
 * @param seq its place among all batches, from 1
 * @param region the Region of its log group
 * @param group its log group's name
 * @param stream its log stream's name
 * @param firstEventId the id of its first event; the others follow in order
 * @param events its events, in chronological order
 */
public record LogBatch(long seq, String region, String group, String stream, long firstEventId, List<Event> events) {
    public LogBatch {
        events = List.copyOf(events);
    }

    /**
     * One event.
     *
     * @param timestamp when it happened, in epoch milliseconds
     * @param message its text
     * @param ingestionTime when it arrived, in epoch milliseconds
     */
    public record Event(long timestamp, String message, long ingestionTime) {}
}
