package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.microvms.sdk.AfterSession;
import dev.microvms.sdk.EventStream;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.MicrovmsSession;
import dev.microvms.testkit.MicrovmsTest;
import org.junit.jupiter.api.Test;

/** The event stream through the emulator's endpoint proxy. */
@MicrovmsTest
class AppIT {
    @Test
    void events_throughTheEndpoint_arrive(MicrovmImage image) {
        try (MicrovmsSession session = image.session().after(AfterSession.TERMINATE).start();
                EventStream events = session.endpoint().events("/events?n=3")) {
            assertEquals(3, events.stream().count());
        }
    }
}
