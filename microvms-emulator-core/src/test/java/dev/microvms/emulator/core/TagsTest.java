package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.imageArn;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ListTags, TagResource and UntagResource on image ARNs, with Lambda's errors. */
class TagsTest {
    private final Fixture f = new Fixture();

    @Test
    void tagListUntag_onAnImage_roundTrip() {
        // As in the recorded tags-api case.
        String arn = f.builtImage("app");

        f.tags().tag(CTX, arn, Map.of("m80", "conformance", "team", "a"));
        assertThat(f.tags().list(CTX, arn)).containsExactly(entry("m80", "conformance"), entry("team", "a"));

        f.tags().untag(CTX, arn, List.of("team", "absent-key"));
        assertThat(f.tags().list(CTX, arn)).containsExactly(entry("m80", "conformance"));
        assertThat(f.images().get(CTX, arn).tags()).containsExactly(entry("m80", "conformance"));
    }

    @Test
    void tag_existingKey_replacesItsValue() {
        String arn = f.builtImage(imageRequest("app").tags(Map.of("team", "a")).build());

        f.tags().tag(CTX, arn, Map.of("team", "b"));

        assertThat(f.tags().list(CTX, arn)).containsExactly(entry("team", "b"));
    }

    @Test
    void list_tagsGivenAtCreate_areListed() {
        String arn = f.builtImage(
                imageRequest("app").tags(Map.of("m80", "conformance")).build());

        assertThat(f.tags().list(CTX, arn)).containsExactly(entry("m80", "conformance"));
    }

    @Test
    void tagOperations_unknownImage_areNotFound() {
        String arn = imageArn("missing");

        assertThat(Fixture.failure(() -> f.tags().list(CTX, arn)).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(Fixture.failure(() -> f.tags().tag(CTX, arn, Map.of("a", "b")))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(Fixture.failure(() -> f.tags().untag(CTX, arn, List.of("a"))).type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void list_deletedImage_isNotFound() {
        String arn = f.builtImage(imageRequest("app").tags(Map.of("a", "b")).build());
        f.images().delete(CTX, arn);
        f.settle();

        assertThat(Fixture.failure(() -> f.tags().list(CTX, arn)).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-arn", "app", "arn:aws:lambda:us-east-1:12345:microvm-image:app"})
    void tagOperations_malformedArn_areValidationErrors(String resource) {
        ApiException e = Fixture.failure(() -> f.tags().list(CTX, resource));

        assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
        assertThat(e.getMessage()).contains("at 'resource' failed to satisfy constraint");
    }

    @Test
    void tag_moreThanFiftyInAll_isInvalidParameterValueAndChangesNothing() {
        String arn = f.builtImage("app");
        f.tags().tag(CTX, arn, tags("old", 49));

        ApiException e = Fixture.failure(() -> f.tags().tag(CTX, arn, tags("new", 2)));

        assertThat(e.type()).isEqualTo(ErrorType.INVALID_PARAMETER_VALUE);
        assertThat(e.type().lambdaStyle()).isTrue();
        assertThat(f.tags().list(CTX, arn)).hasSize(49);
    }

    @Test
    void tag_exactlyFifty_isAccepted() {
        String arn = f.builtImage("app");

        f.tags().tag(CTX, arn, tags("k", 50));

        assertThat(f.tags().list(CTX, arn)).hasSize(50);
    }

    @Test
    void tag_keyOf129Characters_isAValidationError() {
        String arn = f.builtImage("app");

        assertThat(Fixture.failure(() -> f.tags().tag(CTX, arn, Map.of("k".repeat(129), "v")))
                        .type())
                .isEqualTo(ErrorType.VALIDATION);
    }

    private static Map<String, String> tags(String prefix, int count) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put(prefix + i, "v" + i);
        }
        return tags;
    }
}
