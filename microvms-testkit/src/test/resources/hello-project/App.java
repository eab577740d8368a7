import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A one-file app for the extension's test: hooks on 9000 answer 200, port 8080 says hello. */
public class App {
    public static void main(String[] args) throws IOException {
        HttpServer app = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
        app.createContext("/", e -> answer(e, "hello"));
        app.start();
        HttpServer hooks = HttpServer.create(new InetSocketAddress("0.0.0.0", 9000), 0);
        hooks.createContext("/aws/lambda-microvms/runtime/v1/", e -> answer(e, ""));
        hooks.start();
    }

    private static void answer(HttpExchange e, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getRequestBody().readAllBytes();
        e.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }
}
