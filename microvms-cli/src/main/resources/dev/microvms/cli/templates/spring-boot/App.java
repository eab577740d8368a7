package {{package}};

import dev.microvms.guest.RunContext;
import dev.microvms.guest.spring.MicrovmLifecycle;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot app on port 8080 whose state lives in memory: {@code POST /count} adds one, {@code GET /count}
 * reads it. Suspend and resume keep the count, because a MicroVM keeps its memory. The lifecycle hooks are the
 * {@link MicrovmLifecycle} bean below: microvms-guest-spring serves them on port 9000 and answers the build's
 * ready hook once the application is ready.
 */
@SpringBootApplication
@RestController
public class App {
    private final AtomicLong count = new AtomicLong();
    private volatile String payload = "";

    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }

    @GetMapping("/")
    String hello() {
        return "hello from {{name}}; run payload: " + payload + "\n";
    }

    @PostMapping("/count")
    Map<String, Long> add() {
        return Map.of("count", count.incrementAndGet());
    }

    @GetMapping("/count")
    Map<String, Long> count() {
        return Map.of("count", count.get());
    }

    /** The MicroVM's lifecycle: the run payload, and a word on suspend and resume. */
    @Bean
    MicrovmLifecycle lifecycle() {
        return new MicrovmLifecycle() {
            @Override
            public void onRun(RunContext run) {
                payload = run.payload() == null ? "" : run.payload();
            }

            @Override
            public void onSuspend() {
                System.out.println("suspending at count " + count.get());
            }

            @Override
            public void onResume() {
                System.out.println("resumed at count " + count.get());
            }
        };
    }
}
