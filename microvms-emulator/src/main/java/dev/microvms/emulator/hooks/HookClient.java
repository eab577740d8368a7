package dev.microvms.emulator.hooks;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Calls an app's lifecycle hooks as the platform does: {@code POST /aws/lambda-microvms/runtime/v1/<hook>}
 * on the hooks port, over a connection the executor opens into the MicroVM. {@code ready} and {@code
 * validate} are asked again while they answer 503 (or nothing listens yet) until their timeout; the other
 * hooks get one call within theirs. Calls return at once with a future that completes when the hook
 * answers or its timeout passes: no thread sleeps between tries, and a caller can stop waiting the moment
 * the app exits (see {@link AppWaits}).
 */
public final class HookClient {
    /** Opens a connection to a port of the MicroVM. */
    @FunctionalInterface
    public interface Connector {
        SocketChannel connect(int port) throws IOException;
    }

    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private final Connector connector;
    private final int port;

    /**
     * @param connector opens connections into the MicroVM
     * @param port the hooks port
     */
    public HookClient(Connector connector, int port) {
        this.connector = connector;
        this.port = port;
    }

    /** @return the hooks port */
    public int port() {
        return port;
    }

    /** How a hook call ended. */
    public sealed interface Outcome permits Answered, TimedOut, Unreachable {}

    /**
     * The hook answered.
     *
     * @param status the HTTP status
     * @param body the start of the answer's body (at most 4 KiB), as the app sent it
     */
    public record Answered(int status, String body) implements Outcome {
        /** @return true for 200, the only answer that means done */
        public boolean ok() {
            return status == 200;
        }
    }

    /**
     * The hook did not answer in time: it kept answering 503, or it took the connection and said nothing.
     *
     * @param after the timeout
     * @param last the last 503 it answered, if any
     */
    public record TimedOut(Duration after, @Nullable Answered last) implements Outcome {}

    /**
     * Nothing answered on the hooks port until the timeout.
     *
     * @param after the timeout
     * @param error the last error, such as {@code Connection refused}
     */
    public record Unreachable(Duration after, String error) implements Outcome {}

    /**
     * Calls {@code ready} or {@code validate}, again while they answer 503 or do not listen yet.
     *
     * @param hook the hook's name
     * @param timeout how long it may take in all
     * @return completes with how it ended; cancelling it stops the tries
     */
    public CompletableFuture<Outcome> untilReady(String hook, Duration timeout) {
        return new Tries(hook, timeout).start();
    }

    /**
     * Calls a hook once.
     *
     * @param hook the hook's name
     * @param body the JSON body
     * @param timeout how long it may take
     * @return completes with how it ended; cancelling it closes the connection
     */
    public CompletableFuture<Outcome> call(String hook, String body, Duration timeout) {
        Exchange exchange = new Exchange(hook, body);
        CompletableFuture<Outcome> outcome = exchange.result.handle((answered, failure) -> {
            if (failure == null) {
                return answered;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return new Unreachable(timeout, describe(cause));
        });
        Future<?> timer = HookThreads.TIMER.schedule(
                () -> outcome.complete(new TimedOut(timeout, null)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        outcome.whenComplete((o, e) -> {
            timer.cancel(false);
            exchange.abort();
        });
        HookThreads.CALLS.execute(exchange);
        return outcome;
    }

    /** The tries of {@code ready} or {@code validate}: one exchange at a time, the next after a pause. */
    private final class Tries {
        private final String hook;
        private final Duration timeout;
        private final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private volatile @Nullable Exchange current;
        private volatile @Nullable Future<?> next;
        private volatile @Nullable Answered last;
        private volatile String error = "nothing listened";
        private Duration pause = FIRST_PAUSE;

        Tries(String hook, Duration timeout) {
            this.hook = hook;
            this.timeout = timeout;
        }

        CompletableFuture<Outcome> start() {
            Future<?> timer = HookThreads.TIMER.schedule(
                    () -> result.complete(last != null ? new TimedOut(timeout, last) : new Unreachable(timeout, error)),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            result.whenComplete((o, e) -> {
                timer.cancel(false);
                Future<?> pending = next;
                if (pending != null) {
                    pending.cancel(false);
                }
                Exchange exchange = current;
                if (exchange != null) {
                    exchange.abort();
                }
            });
            attempt();
            return result;
        }

        private void attempt() {
            if (result.isDone()) {
                return;
            }
            Exchange exchange = new Exchange(hook, "{}");
            current = exchange;
            exchange.result.whenComplete((answered, failure) -> {
                if (failure == null && answered.status() != 503) {
                    result.complete(answered);
                    return;
                }
                if (failure == null) {
                    last = answered;
                } else {
                    error = describe(
                            failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause()
                                    : failure);
                }
                if (!result.isDone()) {
                    next = HookThreads.TIMER.schedule(this::attempt, pause.toMillis(), TimeUnit.MILLISECONDS);
                    pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                }
            });
            HookThreads.CALLS.execute(exchange);
        }
    }

    /** One request and its answer on a connection of its own; {@link #abort()} closes it from any thread. */
    private final class Exchange implements Runnable {
        final CompletableFuture<Answered> result = new CompletableFuture<>();
        private final String hook;
        private final String body;
        private volatile @Nullable SocketChannel channel;

        Exchange(String hook, String body) {
            this.hook = hook;
            this.body = body;
        }

        @Override
        public void run() {
            SocketChannel opened = null;
            try {
                opened = connector.connect(port);
                channel = opened;
                if (result.isDone()) {
                    return;
                }
                result.complete(exchange(opened));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                close(opened);
            }
        }

        void abort() {
            result.cancel(false);
            close(channel);
        }

        private Answered exchange(SocketChannel channel) throws IOException {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /aws/lambda-microvms/runtime/v1/" + hook + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(payload).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            HookAnswer answer = new HookAnswer();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (channel.read(in) >= 0) {
                in.flip();
                Answered whole = answer.feed(in);
                if (whole != null) {
                    return whole;
                }
                in.clear();
            }
            return answer.ended();
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ConnectException) {
            return failure.getMessage() == null ? "connection refused" : failure.getMessage();
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    private static void close(@Nullable SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do with it.
            }
        }
    }
}
