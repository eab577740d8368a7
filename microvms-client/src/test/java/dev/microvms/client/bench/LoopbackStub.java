package dev.microvms.client.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP server on 127.0.0.1 that answers every request with one canned JSON body, as GetMicrovm would. */
final class LoopbackStub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers;
    private final byte[] body;

    /**
     * Starts the server.
     *
     * @param body the answer to every request
     * @param threads the threads that serve requests
     * @throws IOException when no port can be bound
     */
    LoopbackStub(byte[] body, int threads) throws IOException {
        // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add about 40 ms to every answer, which would measure the stub, not the client.
        // Read once, when the server classes load, so set it before the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.body = body.clone();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "loopback-stub");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", this::answer);
        server.setExecutor(workers);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "bench");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
