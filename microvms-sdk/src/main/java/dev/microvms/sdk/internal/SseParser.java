package dev.microvms.sdk.internal;

import dev.microvms.sdk.ServerSentEvent;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} line by line, as the HTML standard's parsing rules say: fields
 * {@code id}, {@code event}, {@code data} and {@code retry}; a colon and one optional space part name
 * from value; lines starting with a colon are comments; a blank line dispatches the event; data lines
 * join with {@code \n}; a block without data dispatches nothing; the id carries over to later events; an
 * id holding NUL is ignored; a retry that is not all digits is ignored. Not thread-safe.
 */
public final class SseParser {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private @Nullable String eventType;
    private @Nullable String lastEventId;
    private @Nullable Duration blockRetry;
    private @Nullable Duration retry;
    private boolean first = true;

    /**
     * Takes one line, without its line ending.
     *
     * @param line the line
     * @return the event the line completes, or null
     */
    public @Nullable ServerSentEvent line(String line) {
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data":
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
                break;
            case "event":
                eventType = value;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
                break;
            case "retry":
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    blockRetry = Duration.ofMillis(Long.parseLong(value));
                    retry = blockRetry;
                }
                break;
            default:
                // Unknown fields are ignored, as the standard says.
                break;
        }
        return null;
    }

    /** @return the id the stream's events carry now, or null */
    public @Nullable String lastEventId() {
        return lastEventId;
    }

    /** @return the last reconnection time the stream set, or null */
    public @Nullable Duration retry() {
        return retry;
    }

    private @Nullable ServerSentEvent dispatch() {
        ServerSentEvent event = hasData
                ? new ServerSentEvent(
                        lastEventId == null || lastEventId.isEmpty() ? null : lastEventId,
                        eventType == null || eventType.isEmpty() ? ServerSentEvent.DEFAULT_EVENT : eventType,
                        data.toString(),
                        blockRetry)
                : null;
        data.setLength(0);
        hasData = false;
        eventType = null;
        blockRetry = null;
        return event;
    }
}
