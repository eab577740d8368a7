package dev.microvms.guest.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of the hooks listener: maps {@code POST /aws/lambda-microvms/runtime/v1/<hook>} to the
 * lifecycle, answers 404 for other paths, 405 for other methods and 413 for oversized bodies, and always
 * reads the request body to its end so the connection stays usable.
 */
public final class HookRouter implements HttpHandler {
    /** The run body carries at most 4096 bytes of payload; even fully \\u-escaped it stays far below this. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ThreadLocal<@Nullable HookRouter> HANDLING = new ThreadLocal<>();

    private final GuestLifecycle lifecycle;
    private final Runnable afterTerminate;
    private final Object idle = new Object();
    private int inFlight; // guarded by idle

    /**
     * Creates the router.
     *
     * @param lifecycle answers the hooks
     * @param afterTerminate runs once a terminate call has been answered and its exchange closed
     */
    public HookRouter(GuestLifecycle lifecycle, Runnable afterTerminate) {
        this.lifecycle = lifecycle;
        this.afterTerminate = afterTerminate;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        enter();
        HANDLING.set(this);
        boolean terminateAnswered = false;
        try {
            byte[] body = readBody(exchange.getRequestBody());
            String method = exchange.getRequestMethod();
            // An opaque request target (no path at all) is simply not a hook.
            String path = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
            Hook hook = Hook.fromPath(path);
            if (hook == null) {
                send(
                        exchange,
                        method,
                        404,
                        "no such hook: " + path + "; the hooks are POST " + Hook.PATH_PREFIX + "{" + Hook.wireNames()
                                + "}");
            } else if (!"POST".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, method, 405, "the " + hook.wireName() + " hook takes POST, not " + method);
            } else if (body == null) {
                send(
                        exchange,
                        method,
                        413,
                        "the " + hook.wireName() + " hook's body is over " + MAX_BODY_BYTES + " bytes");
            } else {
                HookResponse response = lifecycle.handle(hook, body);
                terminateAnswered = hook == Hook.TERMINATE;
                send(exchange, method, response.status(), response.body());
            }
        } finally {
            exchange.close();
            HANDLING.remove();
            exit();
            if (terminateAnswered) {
                afterTerminate.run();
            }
        }
    }

    /** Whether the calling thread is inside one of this router's hook calls (a handler of the app). */
    public boolean isHandlingOnCurrentThread() {
        return HANDLING.get() == this;
    }

    /**
     * Waits until no hook call is in progress, for at most {@code timeout}.
     *
     * @return whether the router became idle in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    private void enter() {
        synchronized (idle) {
            inFlight++;
        }
    }

    private void exit() {
        synchronized (idle) {
            if (--inFlight == 0) {
                idle.notifyAll();
            }
        }
    }

    /** The whole body, or {@code null} when it is over the limit (it is still read to its end). */
    private static byte @Nullable [] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            total += n;
            if (total <= MAX_BODY_BYTES) {
                out.write(buffer, 0, n);
            }
        }
        return total > MAX_BODY_BYTES ? null : out.toByteArray();
    }

    private static void send(HttpExchange exchange, String method, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean withBody = bytes.length > 0 && !"HEAD".equals(method);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        exchange.sendResponseHeaders(status, withBody ? bytes.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
