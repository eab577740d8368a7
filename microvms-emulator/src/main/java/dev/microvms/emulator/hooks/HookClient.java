package dev.microvms.emulator.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Calls an app's lifecycle hooks as the platform does: {@code POST /aws/lambda-microvms/runtime/v1/<hook>}
 * on the hooks port, over a connection the executor opens into the MicroVM. {@code ready} and {@code
 * validate} are asked again while they answer 503 (or nothing listens yet) until their timeout; the other
 * hooks get one call within theirs.
 */
public final class HookClient {
    /** Opens a connection to a port of the MicroVM. */
    @FunctionalInterface
    public interface Connector {
        SocketChannel connect(int port) throws IOException;
    }

    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hook-call");
        t.setDaemon(true);
        return t;
    });
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);

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

    /** How a hook call ended. */
    public sealed interface Outcome permits Answered, TimedOut, Unreachable {}

    /** The hook answered with a status. */
    public record Answered(int status) implements Outcome {}

    /** The hook did not answer 200 within its timeout (it kept answering 503, or nothing at all). */
    public record TimedOut(Duration after) implements Outcome {}

    /** Nothing listened on the hooks port until the timeout. */
    public record Unreachable(Duration after, String error) implements Outcome {}

    /**
     * Calls {@code ready} or {@code validate}, again while they answer 503 or do not listen yet.
     *
     * @param hook the hook's name
     * @param timeout how long it may take in all
     * @return how it ended
     * @throws InterruptedException when interrupted meanwhile
     */
    public Outcome untilReady(String hook, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "nothing listened";
        boolean answered = false;
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return answered ? new TimedOut(timeout) : new Unreachable(timeout, lastError);
            }
            try {
                int status = post(hook, "{}", left);
                answered = true;
                if (status != 503) {
                    return new Answered(status);
                }
            } catch (ConnectException e) {
                lastError = e.getMessage() == null ? "connection refused" : e.getMessage();
            } catch (TimeoutException e) {
                return new TimedOut(timeout);
            } catch (IOException e) {
                lastError = e.toString();
            }
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
    }

    /**
     * Calls a runtime hook once.
     *
     * @param hook the hook's name
     * @param body the JSON body
     * @param timeout how long it may take
     * @return how it ended
     * @throws InterruptedException when interrupted meanwhile
     */
    public Outcome once(String hook, String body, Duration timeout) throws InterruptedException {
        try {
            return new Answered(post(hook, body, timeout));
        } catch (TimeoutException e) {
            return new TimedOut(timeout);
        } catch (IOException e) {
            return new Unreachable(timeout, e.toString());
        }
    }

    private int post(String hook, String body, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        SocketChannel channel = connector.connect(port);
        Future<Integer> call = CALLS.submit(() -> exchange(channel, hook, body));
        try {
            return call.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } finally {
            call.cancel(true);
            channel.close();
        }
    }

    private int exchange(SocketChannel channel, String hook, String body) throws IOException {
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
        return readStatus(channel);
    }

    /** Reads the status line, then drains the answer so the app sees a well-behaved client. */
    private static int readStatus(SocketChannel channel) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        Integer status = null;
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            seen.write(buffer.array(), 0, buffer.limit());
            buffer.clear();
            if (status == null) {
                status = parseStatus(seen.toString(StandardCharsets.ISO_8859_1));
            }
            if (status != null && seen.size() > 65_536) {
                break;
            }
        }
        if (status == null) {
            status = parseStatus(seen.toString(StandardCharsets.ISO_8859_1));
        }
        if (status == null) {
            throw new IOException("the hook closed the connection without an HTTP answer");
        }
        return status;
    }

    private static @Nullable Integer parseStatus(String text) {
        int end = text.indexOf("\r\n");
        if (end < 0) {
            return null;
        }
        String[] parts = text.substring(0, end).split(" ", 3);
        if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
