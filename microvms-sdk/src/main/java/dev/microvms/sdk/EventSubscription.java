package dev.microvms.sdk;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An {@link EventStream} read on a thread of its own, each event handed to a listener. {@link #done()}
 * completes when the stream ends or is closed, and completes exceptionally when the connection breaks or
 * the listener throws.
 *
 * <pre>{@code
 * try (EventSubscription s = endpoint.subscribe("/events", e -> log.info("{}", e.data()))) {
 *     s.done().get(1, TimeUnit.MINUTES);
 * }
 * }</pre>
 */
public final class EventSubscription implements AutoCloseable {
    private final EventStream stream;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread reader;

    EventSubscription(EventStream stream, Consumer<ServerSentEvent> listener, String name) {
        this.stream = stream;
        this.reader = new Thread(() -> read(listener), name);
        reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    private void read(Consumer<ServerSentEvent> listener) {
        try {
            for (Optional<ServerSentEvent> e = stream.next(); e.isPresent(); e = stream.next()) {
                listener.accept(e.get());
            }
            done.complete(null);
        } catch (RuntimeException | Error e) {
            stream.close();
            done.completeExceptionally(e);
        }
    }

    /** @return completes when the stream ends or is closed; exceptionally when reading or the listener fails */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Stops reading and closes the connection; the listener gets no further event. */
    @Override
    public void close() {
        stream.close();
        // A read blocked in the JDK's response stream ends on interrupt, not always on close.
        reader.interrupt();
        done.complete(null);
    }
}
