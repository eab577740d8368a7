package dev.microvms.emulator.logs;

import dev.microvms.emulator.core.Violations;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** CloudWatch Logs' constraints on names and on a PutLogEvents batch, in the service's words. */
final class LogChecks {
    /** The events of one PutLogEvents: at most this many. */
    static final int MAX_BATCH_EVENTS = 10_000;
    /** The events of one PutLogEvents: at most this many bytes, each counted with 26 more. */
    static final int MAX_BATCH_BYTES = 1_048_576;

    static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");

    private static final Duration TOO_OLD = Duration.ofDays(14);
    private static final Duration TOO_NEW = Duration.ofHours(2);
    private static final Duration MAX_SPAN = Duration.ofDays(1);

    private LogChecks() {}

    /**
     * The events of a batch the service takes: from the first not too old to the first too new.
     *
     * @param from the first taken, which is also how many were too old
     * @param to the first too new (the end, when none is)
     */
    record Accepted(int from, int to) {}

    static void groupName(Violations v, String member, @Nullable String name) {
        if (v.notNull(member, name)) {
            v.string(member, name, 1, 512, GROUP_NAME);
        }
    }

    static void streamName(Violations v, String member, @Nullable String name) {
        if (v.notNull(member, name)) {
            v.string(member, name, 1, 512, STREAM_NAME);
        }
    }

    static void throwIf(Violations v) {
        if (!v.isEmpty()) {
            throw new LogsException(LogsError.INVALID_PARAMETER, v.message());
        }
    }

    /** Checks a PutLogEvents batch: its members, its size, its order and its span. */
    static void batch(@Nullable String group, @Nullable String stream, List<InputEvent> events) {
        Violations v = new Violations();
        groupName(v, "logGroupName", group);
        streamName(v, "logStreamName", stream);
        v.size("logEvents", events, 1, MAX_BATCH_EVENTS);
        for (int i = 0; i < events.size(); i++) {
            String member = "logEvents." + (i + 1) + ".member.";
            v.notNull(member + "timestamp", events.get(i).timestamp());
            if (v.notNull(member + "message", events.get(i).message())) {
                v.string(member + "message", events.get(i).message(), 1, MAX_BATCH_BYTES, null);
            }
        }
        throwIf(v);
        long bytes = events.stream().mapToLong(e -> LogIndex.size(e.message())).sum();
        if (bytes > MAX_BATCH_BYTES) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER,
                    "Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp() < events.get(i - 1).timestamp()) {
                throw new LogsException(
                        LogsError.INVALID_PARAMETER,
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
        }
        if (events.get(events.size() - 1).timestamp() - events.get(0).timestamp() > MAX_SPAN.toMillis()) {
            throw new LogsException(
                    LogsError.INVALID_PARAMETER,
                    "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
    }

    /** @return which events of a checked, chronological batch are neither older than 14 days nor 2 hours ahead */
    static Accepted accepted(List<InputEvent> events, long now) {
        int from = 0;
        while (from < events.size() && events.get(from).timestamp() < now - TOO_OLD.toMillis()) {
            from++;
        }
        int to = events.size();
        while (to > from && events.get(to - 1).timestamp() > now + TOO_NEW.toMillis()) {
            to--;
        }
        return new Accepted(from, to);
    }
}
