package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.testkit.MicrovmsTest;
import org.junit.jupiter.api.Test;

/** This project deployed to the local emulator (started for the test), run as a MicroVM and called. */
@MicrovmsTest
class AppIT {
    @Test
    void count_survivesSuspendAndResume(MicrovmImage image) {
        try (MicrovmsSession session = image.session().after(AfterSession.TERMINATE).start()) {
            session.endpoint().post("/count", "");
            session.microvm().suspend().waitUntilSuspended();
            session.microvm().resume().waitUntilRunning();
            assertEquals("{\"count\":1}", session.endpoint().get("/count").bodyAsString());
        }
    }
}
