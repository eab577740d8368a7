package {{package}};

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microvms.guest.MicrovmGuest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP service on port 8080 whose state lives in memory: {@code POST /count} adds one, {@code GET /count}
 * reads it. Suspend and resume keep the count, because a MicroVM keeps its memory.
 */
public final class App implements AutoCloseable {
    private final AtomicLong count = new AtomicLong();
    private final HttpServer server;
    private final MicrovmGuest guest;
    private volatile String payload = "";

    private App(int appPort, int hooksPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", appPort), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::root);
        server.createContext("/count", this::count);
        server.start();
        guest = MicrovmGuest.builder()
                .port(hooksPort)
                .onRun(run -> payload = run.payload() == null ? "" : run.payload())
                .onSuspend(() -> System.out.println("suspending at count " + count.get()))
                .onResume(() -> System.out.println("resumed at count " + count.get()))
                .onTerminate(() -> System.out.println("terminating"))
                .start();
        guest.markReady();
    }

    /**
     * Starts the app and its hook listener.
     *
     * @param appPort the app's port (8080 in the MicroVM)
     * @param hooksPort the hooks' port (9000, hooks.port in microvm.yml)
     * @return the running app
     * @throws IOException when a port is taken
     */
    public static App start(int appPort, int hooksPort) throws IOException {
        return new App(appPort, hooksPort);
    }

    public static void main(String[] args) throws Exception {
        try (App app = start(port("APP_PORT", 8080), port("HOOKS_PORT", 9000))) {
            System.out.println("{{name}} listening on " + app.appPort());
            app.guest.awaitTermination();
        }
    }

    /** @return the app's port */
    public int appPort() {
        return server.getAddress().getPort();
    }

    private void root(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "hello from {{name}}; run payload: " + payload + "\n");
    }

    private void count(HttpExchange exchange) throws IOException {
        long value = "POST".equals(exchange.getRequestMethod()) ? count.incrementAndGet() : count.get();
        respond(exchange, 200, "{\"count\":" + value + "}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    @Override
    public void close() {
        guest.close();
        server.stop(0);
    }
}
