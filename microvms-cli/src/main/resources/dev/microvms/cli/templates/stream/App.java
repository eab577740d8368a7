package {{package}};

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microvms.guest.MicrovmGuest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Streams: server-sent events on port 8080 ({@code GET /events?n=5} sends five ticks) and a WebSocket echo on
 * port 8081 (reach it through the endpoint with the port set to 8081).
 */
public final class App implements AutoCloseable {
    private final HttpServer server;
    private final Echo echo;
    private final MicrovmGuest guest;

    private App(int appPort, int webSocketPort, int hooksPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", appPort), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/events", App::events);
        server.start();
        echo = new Echo(new InetSocketAddress("0.0.0.0", webSocketPort));
        echo.setReuseAddr(true);
        echo.start();
        guest = MicrovmGuest.builder().port(hooksPort).start();
        guest.markReady();
    }

    /**
     * Starts the app and its hook listener.
     *
     * @param appPort the SSE port (8080 in the MicroVM)
     * @param webSocketPort the WebSocket port (8081)
     * @param hooksPort the hooks' port (9000, hooks.port in microvm.yml)
     * @return the running app
     * @throws IOException when a port is taken
     */
    public static App start(int appPort, int webSocketPort, int hooksPort) throws IOException {
        return new App(appPort, webSocketPort, hooksPort);
    }

    public static void main(String[] args) throws Exception {
        try (App app = start(port("APP_PORT", 8080), port("WS_PORT", 8081), port("HOOKS_PORT", 9000))) {
            app.guest.awaitTermination();
        }
    }

    /** @return the SSE port */
    public int appPort() {
        return server.getAddress().getPort();
    }

    private static void events(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int n = query != null && query.startsWith("n=") ? Integer.parseInt(query.substring(2)) : 10;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 1; i <= n; i++) {
                out.write(("id: " + i + "\nevent: tick\ndata: {\"tick\":" + i + "}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    @Override
    public void close() throws Exception {
        guest.close();
        echo.stop(1000);
        server.stop(0);
    }

    /** Sends every message back. */
    private static final class Echo extends WebSocketServer {
        Echo(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {}

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onMessage(WebSocket conn, String message) {
            conn.send(message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            ex.printStackTrace();
        }

        @Override
        public void onStart() {}
    }
}
