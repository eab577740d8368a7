package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.client.internal.DefaultPaginatedItems;
import dev.microvms.client.internal.Transport;
import dev.microvms.client.internal.WireRequest;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Pagination: pages are fetched only as iteration reaches them, empty pages with a token are passed
 * through, and the client's paginators carry the request's token and page size onto every page.
 */
class PaginatedItemsTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:microvm-image:my-app";

    // --- DefaultPaginatedItems over a fake page source ---------------------------------------------------------

    @Test
    void iteratorAndStream_beforeIteration_fetchNothing() {
        FakePages pages = new FakePages().page(null, "t1", "a", "b").page("t1", null, "c");
        DefaultPaginatedItems<FakePages.Page, String> items = pages.items(null);

        Iterator<String> iterator = items.iterator();
        Stream<String> stream = items.stream();

        assertThat(pages.requested).isEmpty();
        assertThat(iterator.next()).isEqualTo("a");
        assertThat(stream.findFirst()).contains("a");
        assertThat(pages.requested).containsExactly(null, null);
    }

    @ParameterizedTest(name = "limit({0}) fetches {1} page(s)")
    @CsvSource({"1, 1", "2, 1", "3, 2", "4, 2", "5, 3", "6, 3"})
    void stream_limit_fetchesOnlyThePagesConsumed(int limit, int pagesFetched) {
        FakePages pages = new FakePages()
                .page(null, "t1", "a", "b")
                .page("t1", "t2", "c", "d")
                .page("t2", "t3", "e", "f")
                .page("t3", null, "g", "h");

        List<String> taken = pages.items(null).stream().limit(limit).toList();

        assertThat(taken).hasSize(limit);
        assertThat(pages.requested).hasSize(pagesFetched);
    }

    @Test
    void iterator_emptyPagesFollowedByTokens_areSkippedThrough() {
        FakePages pages = new FakePages()
                .page(null, "t1", "a")
                .page("t1", "t2")
                .page("t2", "t3")
                .page("t3", null, "b");

        assertThat(pages.items(null)).containsExactly("a", "b");
        assertThat(pages.requested).containsExactly(null, "t1", "t2", "t3");
    }

    @Test
    void iterator_onlyEmptyPages_hasNothingAndStopsAtTheLastToken() {
        FakePages pages = new FakePages().page(null, "t1").page("t1", null);

        assertThat(pages.items(null).iterator().hasNext()).isFalse();
        assertThat(pages.requested).containsExactly(null, "t1");
    }

    @ParameterizedTest(name = "next token \"{0}\"")
    @CsvSource(
            value = {"NULL", "''", "t1"},
            nullValues = "NULL")
    void iterator_lastPage_endsIt(@Nullable String endToken) {
        // No token, an empty token, or the token that fetched the page again (which would loop forever).
        FakePages pages = new FakePages().page(null, "t1", "a").page("t1", endToken, "b");

        Iterator<String> iterator = pages.items(null).iterator();

        assertThat(iterator).toIterable().containsExactly("a", "b");
        assertThat(iterator.hasNext()).isFalse();
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
        assertThat(pages.requested).containsExactly(null, "t1");
    }

    @Test
    void iterator_pageWithoutItems_isTakenAsEmpty() {
        FakePages pages = new FakePages().pageWithoutItems(null, "t1").page("t1", null, "a");

        assertThat(pages.items(null)).containsExactly("a");
    }

    @Test
    void iterator_hasNextTwice_fetchesOnce() {
        FakePages pages = new FakePages().page(null, "t1", "a").page("t1", null, "b");
        Iterator<String> iterator = pages.items(null).iterator();

        boolean first = iterator.hasNext();
        boolean second = iterator.hasNext();

        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(pages.requested).containsExactly((String) null);
    }

    @Test
    void iterator_eachIteration_startsAgainFromTheFirstPage() {
        FakePages pages = new FakePages().page(null, "t1", "a").page("t1", null, "b");
        DefaultPaginatedItems<FakePages.Page, String> items = pages.items(null);

        assertThat(items).containsExactly("a", "b");
        assertThat(items.stream()).containsExactly("a", "b");
        assertThat(pages.requested).containsExactly(null, "t1", null, "t1");
    }

    @Test
    void iterator_firstToken_isWhereItStarts() {
        FakePages pages =
                new FakePages().page(null, "t1", "a").page("t1", "t2", "b").page("t2", null, "c");

        assertThat(pages.items("t1")).containsExactly("b", "c");
        assertThat(pages.requested).containsExactly("t1", "t2");
    }

    // --- The client's paginators through a recording transport -----------------------------------------------

    @Test
    void listMicrovmsPaginator_beforeIteration_sendsNothing() {
        PagingTransport transport = new PagingTransport(Map.of("", page("p2", 2), "p2", page(null, 1)));

        PaginatedItems<MicrovmSummary> items = client(transport)
                .listMicrovmsPaginator(ListMicrovmsRequest.builder().build());
        Iterator<MicrovmSummary> iterator = items.iterator();
        Stream<MicrovmSummary> stream = items.stream();

        assertThat(transport.sent).isEmpty();
        assertThat(iterator.hasNext()).isTrue();
        assertThat(stream.count()).isEqualTo(3);
        assertThat(transport.sent).hasSize(3);
    }

    @Test
    void listMicrovmsPaginator_limit_sendsOnlyThePagesConsumed() {
        PagingTransport transport =
                new PagingTransport(Map.of("", page("p2", 2), "p2", page("p3", 2), "p3", page(null, 2)));

        List<MicrovmSummary> firstThree =
                client(transport)
                        .listMicrovmsPaginator(ListMicrovmsRequest.builder().build())
                        .stream()
                        .limit(3)
                        .toList();

        assertThat(firstThree)
                .extracting(MicrovmSummary::microvmId)
                .containsExactly("microvm-p2-0", "microvm-p2-1", "microvm-p3-0");
        assertThat(transport.sent).hasSize(2);
    }

    @Test
    void listMicrovmsPaginator_requestWithTokenAndFilters_startsThereAndKeepsThemOnEveryPage() {
        // No page for "" (the first page): the transport fails the test if the paginator starts over.
        PagingTransport transport = new PagingTransport(Map.of("resume-here", page("p2", 2), "p2", page(null, 1)));

        List<MicrovmSummary> items = client(transport)
                .listMicrovmsPaginator(ListMicrovmsRequest.builder()
                        .nextToken("resume-here")
                        .maxResults(2)
                        .imageIdentifier(ARN)
                        .imageVersion("1.0")
                        .build())
                .stream()
                .toList();

        assertThat(items)
                .extracting(MicrovmSummary::microvmId)
                .containsExactly("microvm-p2-0", "microvm-p2-1", "microvm-last-0");
        assertThat(transport.queries).extracting(q -> q.get("nextToken")).containsExactly("resume-here", "p2");
        assertThat(transport.queries).allSatisfy(q -> assertThat(q)
                .containsEntry("maxResults", "2")
                .containsEntry("imageIdentifier", ARN)
                .containsEntry("imageVersion", "1.0"));
    }

    static Stream<Arguments> paginators() {
        return Stream.<Arguments>of(
                paginator(
                        "listMicrovmImagesPaginator",
                        c -> c.listMicrovmImagesPaginator(ListMicrovmImagesRequest.builder()
                                .maxResults(7)
                                .nameFilter("app")
                                .build())),
                paginator(
                        "listMicrovmImageVersionsPaginator",
                        c -> c.listMicrovmImageVersionsPaginator(ListMicrovmImageVersionsRequest.builder()
                                .imageIdentifier(ARN)
                                .maxResults(7)
                                .build())),
                paginator(
                        "listMicrovmImageBuildsPaginator",
                        c -> c.listMicrovmImageBuildsPaginator(ListMicrovmImageBuildsRequest.builder()
                                .imageIdentifier(ARN)
                                .imageVersion("1.0")
                                .maxResults(7)
                                .build())),
                paginator(
                        "listManagedMicrovmImagesPaginator",
                        c -> c.listManagedMicrovmImagesPaginator(ListManagedMicrovmImagesRequest.builder()
                                .maxResults(7)
                                .build())),
                paginator(
                        "listManagedMicrovmImageVersionsPaginator",
                        c -> c.listManagedMicrovmImageVersionsPaginator(ListManagedMicrovmImageVersionsRequest.builder()
                                .imageIdentifier("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                                .maxResults(7)
                                .build())),
                paginator(
                        "listMicrovmsPaginator",
                        c -> c.listMicrovmsPaginator(
                                ListMicrovmsRequest.builder().maxResults(7).build())));
    }

    private static Arguments paginator(String name, Function<LambdaMicrovmsClient, PaginatedItems<?>> open) {
        return Arguments.of(name, open);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paginators")
    void paginator_threePagesOneEmpty_readsAllAndPassesMaxResultsOnEveryPage(
            String name, Function<LambdaMicrovmsClient, PaginatedItems<?>> open) {
        PagingTransport transport =
                new PagingTransport(Map.of("", page("p2", 3), "p2", page("p3", 0), "p3", page(null, 2)));

        long count = open.apply(client(transport)).stream().count();

        assertThat(count).isEqualTo(5);
        assertThat(transport.queries).extracting(q -> q.get("nextToken")).containsExactly(null, "p2", "p3");
        assertThat(transport.queries).allSatisfy(q -> assertThat(q).containsEntry("maxResults", "7"));
        assertThat(transport.sent).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    private static LambdaMicrovmsClient client(Transport transport) {
        return LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(RetryPolicy.NONE)
                .transport(transport)
                .build();
    }

    /** A page of {@code count} MicroVM summaries, followed by {@code next}. */
    private static ObjectNode page(@Nullable String next, int count) {
        ObjectNode page = WireJson.mapper().createObjectNode();
        ArrayNode items = page.putArray("items");
        String tag = next == null ? "last" : next;
        for (int i = 0; i < count; i++) {
            items.addObject()
                    .put("microvmId", "microvm-" + tag + "-" + i)
                    .put("state", "RUNNING")
                    .put("imageArn", ARN)
                    .put("imageVersion", "1.0")
                    .put("startedAt", 1785369600);
        }
        if (next != null) {
            page.put("nextToken", next);
        }
        return page;
    }

    /** Pages in memory, keyed by the token that fetches them; records the tokens asked for. */
    private static final class FakePages {
        record Page(@Nullable List<String> items, @Nullable String next) {}

        private final Map<String, Page> pages = new HashMap<>();
        private final List<@Nullable String> requested = new ArrayList<>();

        FakePages page(@Nullable String token, @Nullable String next, String... items) {
            pages.put(String.valueOf(token), new Page(List.of(items), next));
            return this;
        }

        /** A page whose items member is absent, as a service may answer. */
        FakePages pageWithoutItems(@Nullable String token, @Nullable String next) {
            pages.put(String.valueOf(token), new Page(null, next));
            return this;
        }

        DefaultPaginatedItems<Page, String> items(@Nullable String firstToken) {
            return new DefaultPaginatedItems<>(
                    firstToken,
                    token -> {
                        requested.add(token);
                        Page page = pages.get(String.valueOf(token));
                        if (page == null) {
                            throw new AssertionError("no page for token " + token);
                        }
                        return page;
                    },
                    Page::items,
                    Page::next);
        }
    }

    /** Answers list requests with the page of their nextToken ("" for none) and keeps their queries. */
    private static final class PagingTransport implements Transport {
        private final Map<String, ObjectNode> pagesByToken;
        private final List<WireRequest> sent = new ArrayList<>();
        private final List<Map<String, String>> queries = new ArrayList<>();

        PagingTransport(Map<String, ObjectNode> pagesByToken) {
            this.pagesByToken = pagesByToken;
        }

        @Override
        public WireResponse send(WireRequest request) throws IOException {
            sent.add(request);
            Map<String, String> query = new LinkedHashMap<>();
            String raw = request.uri().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            queries.add(query);
            ObjectNode page = pagesByToken.get(query.getOrDefault("nextToken", ""));
            if (page == null) {
                throw new AssertionError("no page for " + request.uri());
            }
            return new WireResponse(200, Map.of(), WireJson.mapper().writeValueAsBytes(page));
        }
    }
}
