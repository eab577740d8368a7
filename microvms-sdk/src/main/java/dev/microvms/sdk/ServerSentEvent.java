package dev.microvms.sdk;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One event of a {@code text/event-stream}, as the HTML standard defines it.
 *
 * @param id the last event id seen on the stream so far (ids carry over to later events), or null
 * @param event the event type; {@code message} when the event names none
 * @param data the data lines, joined with {@code \n}
 * @param retry the reconnection time the event's block set, or null when it set none
 */
public record ServerSentEvent(@Nullable String id, String event, String data, @Nullable Duration retry) {

    /** The type of an event that names none. */
    public static final String DEFAULT_EVENT = "message";

    /** @return the id, if any */
    public Optional<String> idIfAny() {
        return Optional.ofNullable(id);
    }
}
