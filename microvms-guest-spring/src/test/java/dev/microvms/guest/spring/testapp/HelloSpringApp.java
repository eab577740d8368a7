package dev.microvms.guest.spring.testapp;

import com.sun.net.httpserver.HttpServer;
import dev.microvms.guest.RunContext;
import dev.microvms.guest.spring.MicrovmLifecycle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot app as a MicroVM runs it: its hooks are a {@link MicrovmLifecycle} bean, and port 8080 (the
 * JDK's server, to keep the image small) says what the hooks saw.
 */
@SpringBootApplication
public class HelloSpringApp {
    public static void main(String[] args) {
        SpringApplication.run(HelloSpringApp.class, args);
    }

    /** What the hooks saw. */
    public static final class Seen implements MicrovmLifecycle {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRun(RunContext run) {
            events.add("run " + run.payload());
        }

        @Override
        public void onSuspend() {
            events.add("suspend");
        }

        @Override
        public void onResume() {
            events.add("resume");
        }
    }

    @Bean
    Seen seen() {
        return new Seen();
    }

    @Bean(destroyMethod = "close")
    Web web(Seen seen) throws IOException {
        return new Web(seen);
    }

    /** {@code GET /} on 8080: the events, one per line. */
    static final class Web implements AutoCloseable {
        private final HttpServer server;

        Web(Seen seen) throws IOException {
            server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
            server.createContext("/", exchange -> {
                byte[] body = String.join("\n", seen.events).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
