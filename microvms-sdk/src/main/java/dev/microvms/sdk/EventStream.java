package dev.microvms.sdk;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.internal.SseParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A {@code text/event-stream} read as it arrives: each call to {@link #next()} blocks until the next
 * event is complete. Iterate it, stream it, or read it event by event; close it to stop (closing from
 * another thread ends a blocked read). One pass only.
 *
 * <pre>{@code
 * try (EventStream events = endpoint.events("/jobs/42/progress")) {
 *     for (ServerSentEvent e : events) {
 *         System.out.println(e.event() + ": " + e.data());
 *         if (e.event().equals("done")) break;
 *     }
 * }
 * }</pre>
 */
public final class EventStream implements AutoCloseable, Iterable<ServerSentEvent> {
    private final URI uri;
    private final InputStream body;
    private final BufferedReader reader;
    private final SseParser parser = new SseParser();
    private final Consumer<EventStream> onClose;
    private volatile boolean closed;
    private boolean iterated;

    EventStream(URI uri, InputStream body, Consumer<EventStream> onClose) {
        this.uri = uri;
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.onClose = onClose;
    }

    /**
     * Reads the next event, blocking until it is complete.
     *
     * @return the event, or empty at the end of the stream or once closed
     * @throws MicrovmsClientException when the connection breaks
     */
    public synchronized Optional<ServerSentEvent> next() {
        while (!closed) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                throw new MicrovmsClientException("The event stream from " + uri + " broke: " + e, e);
            }
            if (line == null) {
                // An event not ended by a blank line before the end is dropped, as the standard says.
                break;
            }
            ServerSentEvent event = parser.line(line);
            if (event != null && !closed) {
                return Optional.of(event);
            }
        }
        close();
        return Optional.empty();
    }

    /** @return the id the stream's events carry now, to resume from with a {@code Last-Event-ID} header */
    public Optional<String> lastEventId() {
        return Optional.ofNullable(parser.lastEventId());
    }

    /** @return the reconnection time the server asked for, if it did */
    public Optional<Duration> retry() {
        return Optional.ofNullable(parser.retry());
    }

    /** @return true once closed, by {@link #close()} or by the end of the stream */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns the events; may be called once.
     *
     * @return an iterator that blocks in {@code hasNext()} until the next event
     */
    @Override
    public synchronized Iterator<ServerSentEvent> iterator() {
        if (iterated) {
            throw new IllegalStateException("An EventStream can be iterated only once; open another with"
                    + " endpoint.events(...) to read again.");
        }
        iterated = true;
        return new Iterator<>() {
            private @Nullable ServerSentEvent ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    ahead = EventStream.this.next().orElse(null);
                }
                return ahead != null;
            }

            @Override
            public ServerSentEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the event stream has ended");
                }
                ServerSentEvent event = ahead;
                ahead = null;
                return event;
            }
        };
    }

    /** @return the events as a sequential stream; closing the stream closes this */
    public Stream<ServerSentEvent> stream() {
        return StreamSupport.stream(spliterator(), false).onClose(this::close);
    }

    /** Stops reading and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // Nothing more can be done with a connection that fails to close.
        }
        onClose.accept(this);
    }
}
