package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.RunMicrovmRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every method that takes an image takes its name as well as its ARN, as GetMicrovmImage does. */
class ImageNamesTest {
    private static final String IMAGE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:app";

    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private final Microvms microvms =
            Microvms.builder().client(client).clock(time).sleeper(time).build();

    ImageNamesTest() {
        client.scriptImage(IMAGE, MicrovmImageState.CREATED);
    }

    @Test
    void run_byName_runsTheImageByItsArn() {
        microvms.run("app");

        assertThat(client.runRequests)
                .extracting(RunMicrovmRequest::imageIdentifier)
                .containsExactly(IMAGE);
    }

    @Test
    void run_requestWithName_runsTheImageByItsArn() {
        microvms.run(RunMicrovmRequest.builder()
                .imageIdentifier("app")
                .imageVersion("1.0")
                .build());

        assertThat(client.runRequests.get(0).imageIdentifier()).isEqualTo(IMAGE);
        assertThat(client.runRequests.get(0).imageVersion()).isEqualTo("1.0");
    }

    @Test
    void run_byArn_asksNothingFirst() {
        microvms.run(IMAGE);

        assertThat(client.calls).containsExactly("RunMicrovm " + IMAGE);
    }

    @Test
    void session_byName_runsTheImageByItsArn() {
        try (MicrovmsSession s =
                microvms.session("app").after(AfterSession.KEEP).start()) {
            assertThat(s.microvm().imageArn()).isEqualTo(IMAGE);
        }
        assertThat(client.runRequests)
                .extracting(RunMicrovmRequest::imageIdentifier)
                .containsExactly(IMAGE);
    }

    @Test
    void tags_byName_tagTheImagesArn() {
        microvms.tag("app", Map.of("team", "search"));

        assertThat(microvms.tags("app")).containsEntry("team", "search");
        assertThat(client.tags).containsKey(IMAGE);
    }

    @Test
    void run_unknownName_isNotFound() {
        assertThatThrownBy(() -> microvms.run("nothing")).isInstanceOf(ResourceNotFoundException.class);
    }
}
