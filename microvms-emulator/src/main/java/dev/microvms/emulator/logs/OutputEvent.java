package dev.microvms.emulator.logs;

/**
 * An event as GetLogEvents and FilterLogEvents answer it.
 *
 * @param logStreamName its stream
 * @param timestamp when it happened, in epoch milliseconds
 * @param message its text
 * @param ingestionTime when it arrived, in epoch milliseconds
 * @param eventId its id, unique in the log group
 */
public record OutputEvent(String logStreamName, long timestamp, String message, long ingestionTime, String eventId) {}
