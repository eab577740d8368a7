package dev.microvms.emulator.executor.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens on a port (argument 1) and counts ticks in a background thread, every millisecond. The count is
 * also written to a memory-mapped file (argument 2, optional), so a test can watch it from outside while
 * the app is frozen.
 *
 * <p>{@code GET /} answers {@code hello}; {@code GET /ticks} answers {@code <ticks> <boot id>}; {@code GET
 * /spawn} starts a child {@code sleep} and answers its pid; {@code GET /exit?<code>} exits with that code.
 */
public final class TickingHttpApp {
    private static final AtomicLong TICKS = new AtomicLong();
    private static final String BOOT = UUID.randomUUID().toString();

    private TickingHttpApp() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        MappedByteBuffer mapped = null;
        if (args.length > 1) {
            try (FileChannel file = FileChannel.open(
                    Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
                mapped.order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        MappedByteBuffer ticksFile = mapped;
        Thread ticker = new Thread(
                () -> {
                    while (true) {
                        long now = TICKS.incrementAndGet();
                        if (ticksFile != null) {
                            ticksFile.putLong(0, now);
                        }
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "ticker");
        ticker.setDaemon(true);
        ticker.start();

        // As servers built for production do: without it, Nagle and delayed ACKs add 40 ms per response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> answer(exchange, 200, "hello"));
        server.createContext("/ticks", exchange -> answer(exchange, 200, TICKS.get() + " " + BOOT));
        server.createContext("/spawn", exchange -> {
            Process child = new ProcessBuilder("sleep", "600").start();
            answer(exchange, 200, Long.toString(child.pid()));
        });
        server.createContext("/exit", exchange -> {
            int code = Integer.parseInt(exchange.getRequestURI().getQuery());
            answer(exchange, 200, "bye");
            System.exit(code);
        });
        server.start();
        System.out.println("listening on " + port);
        System.err.println("ticking app started, boot " + BOOT);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
