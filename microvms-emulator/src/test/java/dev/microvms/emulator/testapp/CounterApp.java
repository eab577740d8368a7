package dev.microvms.emulator.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app the emulator's tests build and run: hooks on 9000 and an app on 8080 that counts ticks in the
 * background (so tests can see that a frozen MicroVM does not run, and keeps its memory). Environment:
 * READY_STATUS and RUN_STATUS force a hook's answer (with a body that names the failure, as the guest
 * library's); START_DELAY_MS makes it take that long to start; CRASH_ON_START={@code always} makes {@code
 * main} throw, {@code restart} only when the app's tree shows an earlier start (so the build's start passes
 * and a later one from the same tree fails); APP_PORT, HOOKS_PORT and BIND move it. {@code /exit?code=N}
 * ends the app with that code, {@code /kill} with SIGKILL; {@code /instance} names this start of the app.
 * RUN_COMMAND is a shell command started in the background when the run hook is called (only RunMicrovm
 * calls it, not the build), so tests can make a running MicroVM misbehave.
 */
public final class CounterApp {
    private static final AtomicLong TICKS = new AtomicLong();
    private static final String INSTANCE = UUID.randomUUID().toString();
    private static volatile String payload = "";

    private CounterApp() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String crash = System.getenv().getOrDefault("CRASH_ON_START", "never");
        Path started = Path.of("/app/data/started");
        if (crash.equals("always") || (crash.equals("restart") && Files.exists(started))) {
            throw new IllegalStateException("CONFIG_URL is not set");
        }
        if (crash.equals("restart")) {
            Files.writeString(started, INSTANCE);
        }
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("START_DELAY_MS", "0")));
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
                String command = System.getenv("RUN_COMMAND");
                if (command != null) {
                    new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
                }
            }
            reply(
                    exchange,
                    status,
                    status == 200 ? "" : hook + " hook failed: IllegalStateException: forced " + status);
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
        app.createContext("/instance", exchange -> reply(exchange, 200, INSTANCE));
        app.createContext("/exit", exchange -> {
            int code = Integer.parseInt(exchange.getRequestURI().getQuery().replace("code=", ""));
            reply(exchange, 200, "exiting with " + code);
            System.err.println("exiting with code " + code + " as asked");
            System.exit(code);
        });
        app.createContext("/kill", exchange -> {
            reply(exchange, 200, "killing myself");
            new ProcessBuilder(
                            "kill", "-9", Long.toString(ProcessHandle.current().pid()))
                    .start();
        });
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
