package dev.microvms.emulator.logs;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** GetLogEvents and FilterLogEvents over streams in memory; the caller holds the service's lock. */
final class EventReads {
    private EventReads() {}

    /**
     * GetLogEvents: from the head or the tail of the window, or on from a token; at the end, the forward
     * token comes back unchanged, which is how readers know they are up to date.
     */
    static LogEventsPage get(
            LogIndex.StreamData stream,
            @Nullable Long startTime,
            @Nullable Long endTime,
            EventPosition.@Nullable Token token,
            int limit,
            boolean startFromHead) {
        List<LogIndex.StoredEvent> window = window(stream.events, startTime, endTime);
        int from;
        int to;
        if (token != null && token.direction() == 'f') {
            from = after(window, token.position());
            to = Math.min(window.size(), from + limit);
        } else if (token != null && token.direction() == 'b') {
            to = before(window, token.position());
            from = Math.max(0, to - limit);
        } else if (token != null) {
            throw new LogsException(LogsError.INVALID_PARAMETER, "The specified nextToken is invalid.");
        } else if (startFromHead) {
            from = 0;
            to = Math.min(window.size(), limit);
        } else {
            to = window.size();
            from = Math.max(0, to - limit);
        }
        List<OutputEvent> events = new ArrayList<>();
        for (LogIndex.StoredEvent e : window.subList(from, to)) {
            events.add(output(stream, e));
        }
        String forward;
        String backward;
        if (events.isEmpty()) {
            EventPosition at = from > 0 ? window.get(from - 1).position() : EventPosition.START;
            forward =
                    token != null && token.direction() == 'f' ? token.position().token('f') : at.token('f');
            backward =
                    token != null && token.direction() == 'b' ? token.position().token('b') : at.token('b');
        } else {
            forward = window.get(to - 1).position().token('f');
            backward = window.get(from).position().token('b');
        }
        return new LogEventsPage(events, forward, backward);
    }

    /** FilterLogEvents: the streams' events interleaved by time; a token resumes after the last one given. */
    static LogsPage<OutputEvent> filter(
            List<LogIndex.StreamData> streams,
            @Nullable Long startTime,
            @Nullable Long endTime,
            FilterPattern pattern,
            EventPosition.@Nullable Token token,
            int limit) {
        if (token != null && token.direction() != 'p') {
            throw new LogsException(LogsError.INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
        List<Found> found = new ArrayList<>();
        for (LogIndex.StreamData s : streams) {
            for (LogIndex.StoredEvent e : window(s.events, startTime, endTime)) {
                if ((token == null || e.position().compareTo(token.position()) > 0) && pattern.matches(e.message())) {
                    found.add(new Found(s, e));
                }
            }
        }
        found.sort((a, b) -> LogIndex.StoredEvent.ORDER.compare(a.event(), b.event()));
        List<OutputEvent> page = new ArrayList<>();
        for (Found f : found.subList(0, Math.min(limit, found.size()))) {
            page.add(output(f.stream(), f.event()));
        }
        String next =
                found.size() > limit ? found.get(limit - 1).event().position().token('p') : null;
        return new LogsPage<>(page, next);
    }

    private record Found(LogIndex.StreamData stream, LogIndex.StoredEvent event) {}

    private static OutputEvent output(LogIndex.StreamData stream, LogIndex.StoredEvent e) {
        return new OutputEvent(
                stream.meta.name(),
                e.timestamp(),
                e.message(),
                e.ingestionTime(),
                e.position().eventId());
    }

    /** The events from startTime (inclusive) to endTime (exclusive), as the service counts them. */
    private static List<LogIndex.StoredEvent> window(
            List<LogIndex.StoredEvent> events, @Nullable Long startTime, @Nullable Long endTime) {
        if (startTime == null && endTime == null) {
            return events;
        }
        List<LogIndex.StoredEvent> in = new ArrayList<>();
        for (LogIndex.StoredEvent e : events) {
            if ((startTime == null || e.timestamp() >= startTime) && (endTime == null || e.timestamp() < endTime)) {
                in.add(e);
            }
        }
        return in;
    }

    private static int after(List<LogIndex.StoredEvent> window, EventPosition position) {
        int i = 0;
        while (i < window.size() && window.get(i).position().compareTo(position) <= 0) {
            i++;
        }
        return i;
    }

    private static int before(List<LogIndex.StoredEvent> window, EventPosition position) {
        int i = 0;
        while (i < window.size() && window.get(i).position().compareTo(position) < 0) {
            i++;
        }
        return i;
    }
}
