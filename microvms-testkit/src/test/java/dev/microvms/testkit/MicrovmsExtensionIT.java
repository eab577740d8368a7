package dev.microvms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.MicrovmsSession;
import org.junit.jupiter.api.Test;

/** The extension deploying a one-file project to an emulator it started, and injecting what it made. */
@MicrovmsTest(project = "src/test/resources/hello-project")
class MicrovmsExtensionIT {
    @Test
    void image_isDeployedAndServes(MicrovmImage image, Microvms microvms) {
        assertThat(image.name()).isEqualTo("hello-project");
        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATED);

        try (MicrovmsSession session =
                image.session().after(AfterSession.TERMINATE).start()) {
            assertThat(session.endpoint().get("/").bodyAsString()).isEqualTo("hello");
            assertThat(microvms.microvm(session.microvm().id()).state()).isEqualTo(MicrovmState.RUNNING);
        }
    }

    @Test
    void client_isInjectedForTheSameEmulator(LambdaMicrovmsClient client, MicrovmImage image) {
        Microvm left = image.run();

        assertThat(client.listMicrovmsPaginator(ListMicrovmsRequest.builder().build()).stream())
                .anySatisfy(m -> assertThat(m.microvmId()).isEqualTo(left.id()));
        // Left running on purpose: the extension terminates the image's MicroVMs after the class.
    }
}
