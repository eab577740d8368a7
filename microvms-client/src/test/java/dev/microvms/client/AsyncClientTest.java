package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.InvalidRequestException;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ThrottlingException;
import dev.microvms.client.internal.AsyncTransport;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.model.json.WireJson;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The asynchronous client against the stub server on 127.0.0.1: futures, retries on the scheduler (which
 * records the backoff instead of waiting), idempotency tokens kept across attempts, checks as failed
 * futures, and pagination as a publisher that fetches a page only when its subscriber asks for more.
 */
class AsyncClientTest {
    private static final String VM = "{\"microvmId\":\"microvm-1\",\"state\":\"RUNNING\",\"endpoint\":\"e\","
            + "\"imageArn\":\"arn:aws:lambda:us-east-1:123456789012:microvm-image:a\",\"imageVersion\":\"1.0\","
            + "\"maximumDurationInSeconds\":28800,\"startedAt\":1785369600}";
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:microvm-image:a";

    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LambdaMicrovmsAsyncClient client(URI endpoint, RetryPolicy policy) {
        return LambdaMicrovmsAsyncClient.builder()
                .region("us-east-1")
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(policy)
                .scheduler(delay -> {
                    delays.add(delay);
                    return CompletableFuture.completedFuture(null);
                })
                .build();
    }

    @Test
    void getMicrovm_builtInPlace_completesWithTheResponse() throws Exception {
        server.then(200, VM);

        GetMicrovmResponse vm = client(server.uri(), RetryPolicy.STANDARD)
                .getMicrovm(r -> r.microvmIdentifier("microvm-1"))
                .get(10, TimeUnit.SECONDS);

        assertThat(vm.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(server.received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/2025-09-09/microvms/microvm-1");
        });
    }

    @Test
    void getMicrovm_throttledTwiceThenServed_retriesOnTheSchedulerAndSignsEachAttempt() throws Exception {
        server.then(429, "{\"message\":\"Rate exceeded\"}", "X-Amzn-ErrorType", "ThrottlingException")
                .then(
                        429,
                        "{\"message\":\"Rate exceeded\"}",
                        "X-Amzn-ErrorType",
                        "ThrottlingException",
                        "Retry-After",
                        "3")
                .then(200, VM);

        GetMicrovmResponse vm = client(server.uri(), RetryPolicy.STANDARD)
                .getMicrovm(r -> r.microvmIdentifier("microvm-1"))
                .get(10, TimeUnit.SECONDS);

        assertThat(vm.microvmId()).isEqualTo("microvm-1");
        assertThat(server.received).hasSize(3);
        assertThat(server.received)
                .allSatisfy(r -> assertThat(r.headers().get("Authorization")).isNotEmpty());
        assertThat(delays).hasSize(2);
        assertThat(delays.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void getMicrovm_alwaysThrottled_failsWithTheModelledErrorAfterMaxAttempts() {
        server.always(429, "{\"message\":\"Rate exceeded\"}", "X-Amzn-ErrorType", "ThrottlingException");

        CompletableFuture<GetMicrovmResponse> call =
                client(server.uri(), RetryPolicy.standard(4)).getMicrovm(r -> r.microvmIdentifier("microvm-1"));

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ThrottlingException.class)
                .satisfies(e ->
                        assertThat(((ThrottlingException) e).isThrottling()).isTrue());
        assertThat(server.received).hasSize(4);
        assertThat(delays).hasSize(3);
    }

    @Test
    void runMicrovm_retriedAfterA500_sendsTheSameClientTokenOnEveryAttempt() throws Exception {
        server.then(500, "{\"message\":\"oops\"}", "X-Amzn-ErrorType", "InternalServerException")
                .then(200, VM);

        client(server.uri(), RetryPolicy.STANDARD)
                .runMicrovm(r -> r.imageIdentifier(ARN))
                .get(10, TimeUnit.SECONDS);

        assertThat(server.received).hasSize(2);
        List<String> tokens = new ArrayList<>();
        for (StubServer.Received r : server.received) {
            tokens.add(WireJson.mapper().readTree(r.body()).get("clientToken").asText());
        }
        assertThat(tokens.get(0)).isNotBlank().isEqualTo(tokens.get(1));
    }

    @Test
    void notFound_failsAtOnceWithTheModelledError() {
        server.then(
                404,
                "{\"message\":\"MicroVM not found: microvm-9\",\"resourceType\":\"Microvm\",\"resourceId\":\"microvm-9\"}",
                "X-Amzn-ErrorType",
                "ResourceNotFoundException");

        CompletableFuture<GetMicrovmResponse> call =
                client(server.uri(), RetryPolicy.STANDARD).getMicrovm(r -> r.microvmIdentifier("microvm-9"));

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e ->
                        assertThat(((ResourceNotFoundException) e).resourceId()).isEqualTo("microvm-9"));
        assertThat(delays).isEmpty();
    }

    @Test
    void invalidRequest_isAFailedFutureAndSendsNothing() {
        CompletableFuture<GetMicrovmResponse> call =
                client(server.uri(), RetryPolicy.STANDARD).getMicrovm(r -> {});

        assertThat(call).isCompletedExceptionally();
        assertThatThrownBy(call::join)
                .cause()
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("microvmIdentifier");
        assertThat(server.received).isEmpty();
    }

    @Test
    void nothingListening_failsAfterMaxAttemptsWithAClientError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }

        CompletableFuture<GetMicrovmResponse> call = client(
                        URI.create("http://127.0.0.1:" + port), RetryPolicy.standard(2))
                .getMicrovm(r -> r.microvmIdentifier("microvm-1"));

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContaining("failed after 2 attempt(s)");
        assertThat(delays).hasSize(1);
    }

    @Test
    void cancellingTheFuture_cancelsTheAttemptInFlight() {
        CompletableFuture<WireResponse> inFlight = new CompletableFuture<>();
        AsyncTransport never = request -> inFlight;
        LambdaMicrovmsAsyncClient client = LambdaMicrovmsAsyncClient.builder()
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .transport(never)
                .build();

        CompletableFuture<GetMicrovmResponse> call = client.getMicrovm(r -> r.microvmIdentifier("microvm-1"));
        call.cancel(true);

        assertThat(inFlight).isCancelled();
    }

    // --- Pagination ------------------------------------------------------------------------------------------

    private static String page(String next, String... ids) {
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            items.append(items.length() == 0 ? "" : ",")
                    .append("{\"microvmId\":\"")
                    .append(id)
                    .append("\",\"state\":\"RUNNING\",\"imageArn\":\"")
                    .append(ARN)
                    .append("\",\"imageVersion\":\"1.0\",\"startedAt\":1785369600}");
        }
        return "{\"items\":[" + items + "]" + (next == null ? "" : ",\"nextToken\":\"" + next + "\"") + "}";
    }

    @Test
    void paginator_forEach_readsEveryPageThroughAnEmptyOne() throws Exception {
        server.then(200, page("p2", "microvm-a", "microvm-b"))
                .then(200, page("p3"))
                .then(200, page(null, "microvm-c"));
        List<String> seen = new CopyOnWriteArrayList<>();

        client(server.uri(), RetryPolicy.NONE)
                .listMicrovmsPaginator(r -> r.maxResults(2))
                .forEach(vm -> seen.add(vm.microvmId()))
                .get(10, TimeUnit.SECONDS);

        assertThat(seen).containsExactly("microvm-a", "microvm-b", "microvm-c");
        assertThat(server.received)
                .extracting(StubServer.Received::query)
                .containsExactly("maxResults=2", "maxResults=2&nextToken=p2", "maxResults=2&nextToken=p3");
    }

    @Test
    void paginator_fetchesAPageOnlyWhenTheSubscriberAsksForMore() throws Exception {
        server.then(200, page("p2", "microvm-a", "microvm-b")).then(200, page(null, "microvm-c"));
        Recorder subscriber = new Recorder();

        client(server.uri(), RetryPolicy.NONE).listMicrovmsPaginator(r -> {}).subscribe(subscriber);
        assertThat(server.received).isEmpty();

        subscriber.subscription.request(1);
        subscriber.awaitItems(1);
        subscriber.subscription.request(1);
        subscriber.awaitItems(2);
        assertThat(server.received).hasSize(1);

        subscriber.subscription.request(5);
        subscriber.done.get(10, TimeUnit.SECONDS);
        assertThat(subscriber.items)
                .extracting(MicrovmSummary::microvmId)
                .containsExactly("microvm-a", "microvm-b", "microvm-c");
        assertThat(server.received).hasSize(2);
    }

    @Test
    void paginator_cancelledAfterTheFirstPage_fetchesNoMore() throws Exception {
        server.then(200, page("p2", "microvm-a")).then(200, page(null, "microvm-b"));
        Recorder subscriber = new Recorder();

        client(server.uri(), RetryPolicy.NONE).listMicrovmsPaginator(r -> {}).subscribe(subscriber);
        subscriber.subscription.request(1);
        subscriber.awaitItems(1);
        subscriber.subscription.cancel();
        subscriber.subscription.request(1);

        assertThat(server.received).hasSize(1);
        assertThat(subscriber.done).isNotDone();
    }

    @Test
    void paginator_errorOnTheSecondPage_endsTheSubscriptionWithIt() {
        server.then(200, page("p2", "microvm-a"))
                .then(404, "{\"message\":\"gone\"}", "X-Amzn-ErrorType", "ResourceNotFoundException");
        List<String> seen = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> done = client(server.uri(), RetryPolicy.NONE)
                .listMicrovmsPaginator(r -> {})
                .forEach(vm -> seen.add(vm.microvmId()));

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ResourceNotFoundException.class);
        assertThat(seen).containsExactly("microvm-a");
    }

    /** A subscriber that asks for nothing by itself and keeps what it gets. */
    private static final class Recorder implements Flow.Subscriber<MicrovmSummary> {
        final List<MicrovmSummary> items = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(MicrovmSummary item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        void awaitItems(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (items.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(items).hasSizeGreaterThanOrEqualTo(count);
        }
    }
}
