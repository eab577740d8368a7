package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.microvms.model.ListMicrovmImageBuildsRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Paging of the list operations: opaque tokens, nameFilter after paging, stable across inserts. */
class PagingTest {
    private static final String HEAD = "1 validation error detected: ";
    private static final String IMAGE_ARN = Fixture.imageArn("app");

    private final Fixture f = new Fixture();

    @Test
    void listImages_moreThanMaxResults_walksEveryImageOnceAcrossPages() {
        for (int i = 1; i <= 7; i++) {
            f.create("img-0" + i);
        }

        List<Page<Image>> pages = walk(null, 3);

        assertThat(pages).extracting(p -> p.items().size()).containsExactly(3, 3, 1);
        assertThat(pages.get(2).nextToken()).isNull();
        assertThat(pages.stream().flatMap(p -> p.items().stream()).map(Image::name))
                .containsExactly("img-01", "img-02", "img-03", "img-04", "img-05", "img-06", "img-07");
    }

    @Test
    void listImages_exactlyMaxResults_hasNoNextToken() {
        for (int i = 1; i <= 3; i++) {
            f.create("img-0" + i);
        }

        assertThat(f.images().list(CTX, 3, null, null).nextToken()).isNull();
    }

    @Test
    void listImages_nameFilter_isAppliedAfterPaging() {
        // SERVICE.md: a page can be empty while a token follows.
        for (int i = 1; i <= 7; i++) {
            f.create("img-0" + i);
        }

        List<Page<Image>> pages = walk("img-07", 3);

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).items()).isEmpty();
        assertThat(pages.get(0).nextToken()).isNotNull();
        assertThat(pages.get(1).items()).isEmpty();
        assertThat(pages.get(2).items()).extracting(Image::name).containsExactly("img-07");
    }

    @Test
    void listImages_imageCreatedBetweenPages_neitherRepeatsNorShiftsTheListing() {
        for (int i = 1; i <= 6; i++) {
            f.create("img-0" + i);
        }
        Page<Image> first = f.images().list(CTX, 3, null, null);

        f.create("aaa-before-the-cursor");
        Page<Image> second = f.images().list(CTX, 3, first.nextToken(), null);

        assertThat(second.items()).extracting(Image::name).containsExactly("img-04", "img-05", "img-06");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "abc", "bm90LWEtdG9rZW4"})
    void listImages_tokenNotFromTheService_isAValidationError(String token) {
        f.create("img-01");

        ApiException e = Fixture.failure(() -> f.images().list(CTX, 3, token, null));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
    }

    @Test
    void listVersions_pages_newestFirst() {
        String arn = f.builtImage("app");
        for (int i = 0; i < 3; i++) {
            f.images().update(CTX, Fixture.updateRequest(arn).build());
            f.settle();
        }

        Page<ImageVersion> first = f.images().versions(CTX, arn, 3, null);
        Page<ImageVersion> second = f.images().versions(CTX, arn, 3, first.nextToken());

        assertThat(first.items()).extracting(ImageVersion::version).containsExactly("4.0", "3.0", "2.0");
        assertThat(second.items()).extracting(ImageVersion::version).containsExactly("1.0");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void listMicrovms_pages_everyMicrovmOnce() {
        String arn = f.builtImage("app", 512);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(f.running(arn).microvmId());
            f.clock.advance(Fixture.seconds(1));
        }

        Page<Microvm> first = f.microvms().list(CTX, 2, null, null, null);
        Page<Microvm> second = f.microvms().list(CTX, 2, first.nextToken(), null, null);
        Page<Microvm> third = f.microvms().list(CTX, 2, second.nextToken(), null, null);

        List<String> listed = new ArrayList<>();
        for (Page<Microvm> page : List.of(first, second, third)) {
            page.items().forEach(m -> listed.add(m.microvmId()));
        }
        assertThat(listed).containsExactlyElementsOf(started);
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void token_isOpaqueButNotTheRawKey() {
        f.create("img-01");
        f.create("img-02");

        String token = f.images().list(CTX, 1, null, null).nextToken();

        assertThat(token).isNotNull().doesNotContain("img-01");
        assertThat(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
                .endsWith("img-01");
    }

    static Stream<Arguments> listCalls() {
        return Stream.of(
                arguments("ListMicrovmImages", list((f, max) -> f.images().list(CTX, max, null, null))),
                arguments(
                        "ListMicrovmImageVersions", list((f, max) -> f.images().versions(CTX, IMAGE_ARN, max, null))),
                arguments("ListMicrovmImageBuilds", list((f, max) -> f.images()
                        .builds(
                                CTX,
                                ListMicrovmImageBuildsRequest.builder()
                                        .imageIdentifier(IMAGE_ARN)
                                        .imageVersion("1.0")
                                        .maxResults(max)
                                        .build()))),
                arguments("ListMicrovms", list((f, max) -> f.microvms().list(CTX, max, null, null, null))),
                arguments(
                        "ListManagedMicrovmImages",
                        list((f, max) -> f.plane().managedImages().list(CTX, max, null))),
                arguments(
                        "ListManagedMicrovmImageVersions",
                        list((f, max) -> f.plane().managedImages().versions(CTX, Fixture.BASE_IMAGE, max, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listCalls")
    void list_maxResultsZero_isRefused(String operation, BiConsumer<Fixture, Integer> call) {
        assertError(
                () -> call.accept(f, 0),
                ErrorType.VALIDATION,
                HEAD + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than"
                        + " or equal to 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listCalls")
    void list_maxResultsFiftyOne_isRefused(String operation, BiConsumer<Fixture, Integer> call) {
        assertError(
                () -> call.accept(f, 51),
                ErrorType.VALIDATION,
                HEAD + "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or"
                        + " equal to 50");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50})
    void list_maxResultsAtTheLimits_isAccepted(int maxResults) {
        f.builtImage("app");

        assertThat(f.images().list(CTX, maxResults, null, null).items()).hasSize(1);
    }

    private static BiConsumer<Fixture, Integer> list(BiConsumer<Fixture, Integer> call) {
        return call;
    }

    private List<Page<Image>> walk(@Nullable String nameFilter, int maxResults) {
        List<Page<Image>> pages = new ArrayList<>();
        String token = null;
        do {
            Page<Image> page = f.images().list(CTX, maxResults, token, nameFilter);
            pages.add(page);
            token = page.nextToken();
        } while (token != null && pages.size() < 100);
        return pages;
    }
}
