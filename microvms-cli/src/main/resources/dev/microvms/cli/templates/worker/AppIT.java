package {{package}};

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.testkit.MicrovmsTest;
import org.junit.jupiter.api.Test;

/** The worker deployed to the local emulator, given a job through the run payload. */
@MicrovmsTest
class AppIT {
    @Test
    void run_withAJob_reportsIt(MicrovmImage image) {
        try (MicrovmsSession session = image.session()
                .run(r -> r.runHookPayload("{\"items\":5}"))
                .after(AfterSession.TERMINATE)
                .start()) {
            String status = session.endpoint().get("/status").bodyAsString();
            assertTrue(status.contains("\"total\":5"), status);
        }
    }
}
