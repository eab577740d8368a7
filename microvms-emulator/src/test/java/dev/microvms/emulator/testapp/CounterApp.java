package dev.microvms.emulator.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app the emulator's tests build and run: hooks on 9000 and an app on 8080 that counts ticks in the
 * background (so tests can see that a frozen MicroVM does not run, and keeps its memory). Environment:
 * READY_STATUS and RUN_STATUS force a hook's answer; APP_PORT, HOOKS_PORT and BIND move it.
 */
public final class CounterApp {
    private static final AtomicLong TICKS = new AtomicLong();
    private static volatile String payload = "";

    private CounterApp() {}

    public static void main(String[] args) throws IOException {
        int readyStatus = Integer.parseInt(System.getenv().getOrDefault("READY_STATUS", "200"));
        int runStatus = Integer.parseInt(System.getenv().getOrDefault("RUN_STATUS", "200"));
        Thread ticker = new Thread(() -> {
            while (true) {
                TICKS.incrementAndGet();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ticker.setDaemon(true);
        ticker.start();

        int hooksPort = Integer.parseInt(System.getenv().getOrDefault("HOOKS_PORT", "9000"));
        int appPort = Integer.parseInt(System.getenv().getOrDefault("APP_PORT", "8080"));
        String bind = System.getenv().getOrDefault("BIND", "0.0.0.0");
        HttpServer hooks = HttpServer.create(new InetSocketAddress(bind, hooksPort), 50);
        hooks.createContext("/aws/lambda-microvms/runtime/v1/", exchange -> {
            String hook = exchange.getRequestURI().getPath().substring("/aws/lambda-microvms/runtime/v1/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("hook " + hook + " " + body);
            int status = 200;
            if (hook.equals("ready")) {
                status = readyStatus;
            } else if (hook.equals("run")) {
                payload = body;
                status = runStatus;
            }
            reply(exchange, status, "");
        });
        hooks.setExecutor(Executors.newFixedThreadPool(2));
        hooks.start();

        HttpServer app = HttpServer.create(new InetSocketAddress(bind, appPort), 50);
        app.createContext(
                "/",
                exchange -> reply(
                        exchange,
                        exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                        "{\"path\":\"/\",\"status\":\"ok\"}"));
        app.createContext("/ticks", exchange -> reply(exchange, 200, Long.toString(TICKS.get())));
        app.createContext("/payload", exchange -> reply(exchange, 200, payload));
        app.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders()
                    .add(
                            "X-Seen-Auth",
                            String.valueOf(exchange.getRequestHeaders().getFirst("X-aws-proxy-auth")));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.createContext("/events", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 1; i <= 3; i++) {
                    out.write(("id: " + i + "\ndata: tick " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(50);
                }
            }
        });
        app.setExecutor(Executors.newFixedThreadPool(4));
        app.start();
        WebSocketEcho.start(bind, Integer.parseInt(System.getenv().getOrDefault("WS_PORT", "8081")));
        System.out.println("listening on " + appPort + " and " + hooksPort);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
