package dev.microvms.emulator.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A place between events in the order the service reads them, (timestamp, id), written into the tokens
 * GetLogEvents and FilterLogEvents give out: {@code f/} forward, {@code b/} backward, {@code p/} a filter's
 * next page, then forty digits, like the service's own tokens.
 *
 * @param timestamp the timestamp of the event at the place
 * @param id its id
 */
record EventPosition(long timestamp, long id) implements Comparable<EventPosition> {
    /** Before every event. */
    static final EventPosition START = new EventPosition(0, 0);

    private static final Pattern TOKEN = Pattern.compile("([fbp])/(\\d{20})(\\d{20})");

    /**
     * A token read back.
     *
     * @param direction {@code f}, {@code b} or {@code p}
     * @param position the place
     */
    record Token(char direction, EventPosition position) {}

    String token(char direction) {
        return direction + "/" + String.format("%020d%020d", timestamp, id);
    }

    /** @return the event's id as FilterLogEvents shows it: the forty digits of its place */
    String eventId() {
        return String.format("%020d%020d", timestamp, id);
    }

    /**
     * @param token a token from a caller
     * @return the token, or null when there is none
     * @throws LogsException when it is not one the emulator gave out
     */
    static @Nullable Token parse(@Nullable String token) {
        if (token == null) {
            return null;
        }
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            throw new LogsException(LogsError.INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
        return new Token(
                m.group(1).charAt(0), new EventPosition(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    }

    @Override
    public int compareTo(EventPosition other) {
        int byTime = Long.compare(timestamp, other.timestamp);
        return byTime != 0 ? byTime : Long.compare(id, other.id);
    }
}
