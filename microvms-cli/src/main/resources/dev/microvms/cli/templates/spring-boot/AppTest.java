package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The app in this JVM, on free ports (the hooks too). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "microvms.hooks.port=0")
class AppTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void count_postThenGet_keepsTheValue() throws Exception {
        URI count = URI.create("http://127.0.0.1:" + port + "/count");
        http.send(HttpRequest.newBuilder(count).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        String body = http.send(HttpRequest.newBuilder(count).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertEquals("{\"count\":1}", body);
    }
}
