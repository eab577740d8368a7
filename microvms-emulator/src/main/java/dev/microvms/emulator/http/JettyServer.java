package dev.microvms.emulator.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The emulator's one port on 127.0.0.1, served by Jetty: each request is read whole into an {@link
 * HttpCall}, handed to the handler, and its {@link HttpAnswer} written back with an {@code
 * x-amzn-RequestId}.
 */
public final class JettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /**
     * Starts serving.
     *
     * @param host the address to bind, 127.0.0.1 for the emulator
     * @param port the port, 0 for any free one
     * @param handler answers each call
     * @throws Exception when the port cannot be bound
     */
    public JettyServer(String host, int port, Function<HttpCall, HttpAnswer> handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("emulator-http");
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        // ARNs and S3 keys arrive percent-encoded; the handlers decode each segment themselves.
        config.setUriCompliance(UriCompliance.LEGACY);
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(handler, request, response, callback);
                return true;
            }
        });
        server.start();
    }

    /** @return the port it listens on */
    public int port() {
        return connector.getLocalPort();
    }

    private static void serve(
            Function<HttpCall, HttpAnswer> handler, Request request, Response response, Callback callback)
            throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        HttpCall call = new HttpCall(
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(),
                headers,
                body);
        HttpAnswer answer = handler.apply(call);
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        if (answer.file() != null) {
            response.getHeaders().put("Content-Length", String.valueOf(Files.size(answer.file())));
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                Files.copy(answer.file(), out);
            }
            callback.succeeded();
        } else if (answer.body().length == 0) {
            if (!answer.headers().containsKey("Content-Length")) {
                response.getHeaders().put("Content-Length", "0");
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            response.getHeaders().put("Content-Length", String.valueOf(answer.body().length));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
