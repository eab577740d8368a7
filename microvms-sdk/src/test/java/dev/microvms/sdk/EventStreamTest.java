package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {
    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private final CountDownLatch secondPart = new CountDownLatch(1);
    private final CountDownLatch serverDone = new CountDownLatch(1);
    private StubApp app;
    private Endpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        app = new StubApp();
        client.endpoint = app.endpoint();
        app.on("/events", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                write(out, ": hello\n\ndata: one\n\n");
                // The rest comes only once the client has the first event: proof it reads as it arrives.
                secondPart.await(10, TimeUnit.SECONDS);
                write(out, "id: 2\r\nevent: tick\r\ndata: a\r\ndata: b\r\nretry: 3000\r\n\r\n");
                write(out, "data: not ended by a blank line");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                serverDone.countDown();
            }
        });
        app.on("/forbidden", ex -> StubApp.respond(ex, 403, "text/plain", "Request missing authentication"));
        Microvms microvms =
                Microvms.builder().client(client).clock(time).sleeper(time).build();
        endpoint = microvms.run("arn:aws:lambda:us-east-1:123456789012:microvm-image:app")
                .endpoint();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @AfterEach
    void stop() {
        secondPart.countDown();
        app.close();
    }

    @Test
    void events_readIncrementally_withAllFields() {
        try (EventStream events = endpoint.events("/events")) {
            assertThat(events.next()).contains(new ServerSentEvent(null, "message", "one", null));
            secondPart.countDown();
            assertThat(events.next())
                    .contains(new ServerSentEvent("2", "tick", "a\nb", java.time.Duration.ofSeconds(3)));
            assertThat(events.next()).isEmpty();
            assertThat(events.isClosed()).isTrue();
            assertThat(events.lastEventId()).contains("2");
        }
        assertThat(app.received.get(0).header("Accept")).isEqualTo("text/event-stream");
        assertThat(app.received.get(0).header("X-aws-proxy-auth")).isEqualTo("token-1");
    }

    @Test
    void events_asStream_givesEveryEvent() {
        secondPart.countDown();
        try (EventStream events = endpoint.events("/events")) {
            assertThat(events.stream().map(ServerSentEvent::data)).containsExactly("one", "a\nb");
        }
    }

    @Test
    void events_iteratedTwice_isRefused() {
        secondPart.countDown();
        try (EventStream events = endpoint.events("/events")) {
            assertThat(events.iterator()).isNotNull();
            assertThatThrownBy(events::iterator).hasMessageContaining("only once");
        }
    }

    @Test
    void subscribe_handsEachEventToTheListener() throws Exception {
        List<ServerSentEvent> got = new CopyOnWriteArrayList<>();
        secondPart.countDown();

        try (EventSubscription s = endpoint.subscribe("/events", got::add)) {
            s.done().get(10, TimeUnit.SECONDS);
        }

        assertThat(got).extracting(ServerSentEvent::event).containsExactly("message", "tick");
    }

    @Test
    void close_fromAnotherThread_endsABlockedRead() throws Exception {
        EventStream events = endpoint.events("/events");
        assertThat(events.next()).isPresent();
        CompletableFuture<Optional<ServerSentEvent>> blocked = CompletableFuture.supplyAsync(events::next);

        endpoint.close(); // closes every stream opened through it

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(events.isClosed()).isTrue();
    }

    @Test
    void subscribe_closedWhileWaiting_stopsTheListener() throws Exception {
        List<ServerSentEvent> got = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        EventSubscription s = endpoint.subscribe("/events", e -> {
            got.add(e);
            first.countDown();
        });
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        s.close();
        secondPart.countDown();
        assertThat(serverDone.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(s.done()).isCompleted();
        assertThat(got).extracting(ServerSentEvent::data).containsExactly("one");
    }

    @Test
    void events_errorStatus_throwsWithBody() {
        assertThatThrownBy(() -> endpoint.events("/forbidden"))
                .isInstanceOf(EndpointException.class)
                .hasMessageContaining("answered 403: Request missing authentication")
                .hasMessageContaining("no valid X-aws-proxy-auth token");
    }
}
