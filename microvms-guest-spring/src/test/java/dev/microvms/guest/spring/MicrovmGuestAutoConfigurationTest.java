package dev.microvms.guest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.guest.MicrovmGuest;
import dev.microvms.guest.RunContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** The auto-configuration in a Spring context: the listener, the lifecycle beans, readiness, and backing off. */
class MicrovmGuestAutoConfigurationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MicrovmGuestAutoConfiguration.class))
            .withPropertyValues("microvms.hooks.port=0", "microvms.hooks.bind-address=127.0.0.1");

    /** Records what the hooks asked of it. */
    static class Recorder implements MicrovmLifecycle {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void onRun(RunContext run) {
            calls.add(name + " run " + run.microvmId() + " " + run.payload());
        }

        @Override
        public void onSuspend() {
            calls.add(name + " suspend");
        }

        @Override
        public void onResume() {
            calls.add(name + " resume");
        }
    }

    @Order(1)
    static class First extends Recorder {
        First() {
            super("first");
        }
    }

    @Order(2)
    static class Second extends Recorder {
        Second() {
            super("second");
        }

        @Override
        public boolean onValidate() {
            return false;
        }
    }

    @Test
    void ready_answers503UntilTheApplicationIsReady_then200() {
        runner.run(context -> {
            MicrovmGuest guest = context.getBean(MicrovmGuest.class);
            assertThat(post(guest, "ready", "")).isEqualTo(503);

            ready(context);

            assertThat(post(guest, "ready", "")).isEqualTo(200);
            assertThat(guest.isReady()).isTrue();
        });
    }

    @Test
    void hooks_callEveryLifecycleBeanInOrder() {
        runner.withBean(Second.class).withBean(First.class).run(context -> {
            MicrovmGuest guest = context.getBean(MicrovmGuest.class);
            ready(context);

            assertThat(post(guest, "run", "{\"microvmId\":\"microvm-1\",\"runHookPayload\":\"{\\\"job\\\":7}\"}"))
                    .isEqualTo(200);
            assertThat(post(guest, "suspend", "")).isEqualTo(200);
            assertThat(post(guest, "resume", "")).isEqualTo(200);

            assertThat(context.getBean(First.class).calls)
                    .containsExactly("first run microvm-1 {\"job\":7}", "first suspend", "first resume");
            assertThat(context.getBean(Second.class).calls)
                    .containsExactly("second run microvm-1 {\"job\":7}", "second suspend", "second resume");
            // One bean that says the restored app does not work yet keeps validate at 503.
            assertThat(post(guest, "validate", "")).isEqualTo(503);
        });
    }

    @Test
    void handlerThatThrows_answers500() {
        runner.withBean(MicrovmLifecycle.class, () -> new MicrovmLifecycle() {
                    @Override
                    public void onSuspend() {
                        throw new IllegalStateException("still writing");
                    }
                })
                .run(context -> {
                    MicrovmGuest guest = context.getBean(MicrovmGuest.class);
                    ready(context);
                    assertThat(post(guest, "suspend", "")).isEqualTo(500);
                });
    }

    @Test
    void disabled_startsNothing() {
        runner.withPropertyValues("microvms.hooks.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MicrovmGuest.class));
    }

    @Test
    void appsOwnListener_isKept() {
        runner.withBean(
                        MicrovmGuest.class,
                        () -> MicrovmGuest.builder()
                                .port(0)
                                .bindAddress("127.0.0.1")
                                .start(),
                        bean -> bean.setDestroyMethodName("close"))
                .run(context -> {
                    assertThat(context).hasSingleBean(MicrovmGuest.class);
                    assertThat(context.getBean(MicrovmGuest.class).isReady()).isFalse();
                });
    }

    @Test
    void closingTheContext_closesTheListener() throws Exception {
        int[] port = new int[1];
        runner.run(context -> port[0] = context.getBean(MicrovmGuest.class).port());

        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port[0]));
            assertThat(again.isBound()).isTrue();
        }
    }

    private static void ready(AssertableApplicationContext context) {
        context.publishEvent(new ApplicationReadyEvent(
                new SpringApplication(), new String[0], context.getSourceApplicationContext(), Duration.ZERO));
    }

    private static int post(MicrovmGuest guest, String hook, String body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + guest.port() + "/aws/lambda-microvms/runtime/v1/" + hook))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
