package {{package}};

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microvms.guest.MicrovmGuest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker: the run hook hands it its job (the run payload, such as {@code {"items":100}}), it works through
 * it in the background, and {@code GET /status} on port 8080 says how far it got. While the MicroVM is
 * suspended the worker is frozen, and it carries on from where it was after a resume.
 */
public final class App implements AutoCloseable {
    private final AtomicLong done = new AtomicLong();
    private final ScheduledExecutorService work = Executors.newSingleThreadScheduledExecutor();
    private final HttpServer server;
    private final MicrovmGuest guest;
    private volatile long total;
    private volatile String job = "";

    private App(int appPort, int hooksPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", appPort), 0);
        server.createContext("/status", this::status);
        server.start();
        guest = MicrovmGuest.builder()
                .port(hooksPort)
                .onRun(run -> start(run.payload() == null ? "" : run.payload()))
                .onTerminate(work::shutdownNow)
                .start();
        guest.markReady();
    }

    /**
     * Starts the app and its hook listener.
     *
     * @param appPort the status port (8080 in the MicroVM)
     * @param hooksPort the hooks' port (9000, hooks.port in microvm.yml)
     * @return the running app
     * @throws IOException when a port is taken
     */
    public static App start(int appPort, int hooksPort) throws IOException {
        return new App(appPort, hooksPort);
    }

    public static void main(String[] args) throws Exception {
        try (App app = start(port("APP_PORT", 8080), port("HOOKS_PORT", 9000))) {
            app.guest.awaitTermination();
        }
    }

    /**
     * Takes a job: {@code {"items":N}} processes N items, one every 10 ms.
     *
     * @param payload the run payload
     */
    void start(String payload) {
        job = payload;
        total = parseItems(payload);
        work.scheduleAtFixedRate(() -> {
            if (done.get() < total) {
                done.incrementAndGet();
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    /** @return the app's port */
    public int appPort() {
        return server.getAddress().getPort();
    }

    private void status(HttpExchange exchange) throws IOException {
        String body = "{\"job\":" + (job.isEmpty() ? "null" : job) + ",\"done\":" + done.get() + ",\"total\":"
                + total + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static long parseItems(String payload) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"items\"\\s*:\\s*(\\d+)").matcher(payload);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    @Override
    public void close() {
        work.shutdownNow();
        guest.close();
        server.stop(0);
    }
}
