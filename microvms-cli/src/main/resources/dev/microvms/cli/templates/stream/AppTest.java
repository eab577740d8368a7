package {{package}};

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The event stream in this JVM. */
class AppTest {
    @Test
    void events_threeTicks_endsTheStream() throws Exception {
        try (App app = App.start(0, 0, 0)) {
            String body = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.appPort() + "/events?n=3"))
                            .build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(body.contains("data: {\"tick\":3}"), body);
        }
    }
}
