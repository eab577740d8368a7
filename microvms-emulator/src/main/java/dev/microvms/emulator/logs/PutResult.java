package dev.microvms.emulator.logs;

import org.jspecify.annotations.Nullable;

/**
 * What PutLogEvents answers.
 *
 * @param nextSequenceToken a token the service still returns, though it no longer asks for it
 * @param tooNewLogEventStartIndex the first event refused as more than two hours ahead, if any
 * @param tooOldLogEventEndIndex the end (exclusive) of the events refused as older than 14 days, if any
 */
public record PutResult(
        String nextSequenceToken,
        @Nullable Integer tooNewLogEventStartIndex,
        @Nullable Integer tooOldLogEventEndIndex) {}
