package com.example.spring;

import dev.microvms.guest.MicrovmGuest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot app with the guest library: the hooks on 9000, ready once Spring has started. */
@SpringBootApplication
@RestController
public class App {
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong hits = new AtomicLong();

    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }

    @Bean(destroyMethod = "close")
    MicrovmGuest microvmGuest() {
        return MicrovmGuest.builder().port(9000).start();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(MicrovmGuest.class).markReady();
    }

    @GetMapping("/hits")
    String hits() {
        return "{\"instance\":\"" + instance + "\",\"hits\":" + hits.incrementAndGet() + "}";
    }
}
