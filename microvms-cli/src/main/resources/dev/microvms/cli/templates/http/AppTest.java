package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The app in this JVM, on free ports. */
class AppTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void count_postThenGet_keepsTheValue() throws Exception {
        try (App app = App.start(0, 0)) {
            URI count = URI.create("http://127.0.0.1:" + app.appPort() + "/count");
            http.send(HttpRequest.newBuilder(count).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            String body = http.send(HttpRequest.newBuilder(count).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertEquals("{\"count\":1}", body);
        }
    }
}
