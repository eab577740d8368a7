package dev.microvms.sdk.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.FileInfo;
import dev.microvms.sdk.SandboxTransport;
import dev.microvms.sdk.internal.EndpointHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Exec and files through the guest library's agent, on its port behind the endpoint with an ordinary auth
 * token: files over plain HTTP ({@code /microvms-agent/v1/files/...}), commands and TCP tunnels over
 * WebSockets ({@code /microvms-agent/v1/exec}, {@code /microvms-agent/v1/tunnel}).
 */
public final class AgentTransport implements Transport {
    /** The agent's paths start here. */
    public static final String BASE = "/microvms-agent/v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** File contents may take long to move; the request timeout is for small answers. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);

    private final String microvmId;
    private final EndpointHttp http;
    private final URI base;
    private final int port;
    private final BiFunction<String, WebSocket.Listener, WebSocket> webSockets;
    private final Duration timeout;

    /**
     * @param microvmId the MicroVM, for messages
     * @param http sends requests with the endpoint's tokens
     * @param base the endpoint's base URL
     * @param port the agent's port
     * @param webSockets opens a WebSocket to a path of the agent's port
     * @param timeout how long a small answer may take
     */
    public AgentTransport(
            String microvmId,
            EndpointHttp http,
            URI base,
            int port,
            BiFunction<String, WebSocket.Listener, WebSocket> webSockets,
            Duration timeout) {
        this.microvmId = microvmId;
        this.http = http;
        this.base = base;
        this.port = port;
        this.webSockets = webSockets;
        this.timeout = timeout;
    }

    @Override
    public SandboxTransport kind() {
        return SandboxTransport.AGENT;
    }

    @Override
    public int exec(ExecRequest request, ExecListener listener) {
        return AgentExec.run(microvmId, request, listener, l -> webSockets.apply(BASE + "/exec", l));
    }

    /**
     * Opens a tunnel to a port inside the MicroVM.
     *
     * @param remotePort the port, on the MicroVM's loopback
     * @param listener gets the bytes the port sends
     * @return the WebSocket that carries the bytes sent to it
     */
    public WebSocket tunnel(int remotePort, WebSocket.Listener listener) {
        return webSockets.apply(BASE + "/tunnel?port=" + remotePort, listener);
    }

    @Override
    public FileInfo stat(String path) {
        return info(json("GET", "stat", path, Map.of(), "stat"));
    }

    @Override
    public List<FileInfo> list(String directory) {
        JsonNode array = json("GET", "list", directory, Map.of(), "list");
        List<FileInfo> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(info(n));
        }
        return out;
    }

    @Override
    public void read(String path, OutputStream out) {
        HttpResponse<InputStream> r = http.send(
                        uri("content", path, Map.of()),
                        "GET",
                        Map.of(),
                        (byte[]) null,
                        port,
                        TRANSFER_TIMEOUT,
                        HttpResponse.BodyHandlers.ofInputStream())
                .response();
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw failure(r.statusCode(), in.readAllBytes(), "read", path);
            }
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + path + " from the agent of " + microvmId + " failed: " + e, e);
        }
    }

    @Override
    public void write(String path, InputStream in, int mode) {
        HttpResponse<byte[]> r = http.sendOnce(
                        uri("content", path, Map.of("mode", Integer.toOctalString(mode & 07777))),
                        "PUT",
                        Map.of("Content-Type", List.of("application/octet-stream")),
                        HttpRequest.BodyPublishers.ofInputStream(() -> in),
                        port,
                        TRANSFER_TIMEOUT,
                        HttpResponse.BodyHandlers.ofByteArray())
                .response();
        check(r, "write", path);
    }

    @Override
    public void createDirectories(String path) {
        check(send("POST", "directories", path, Map.of()), "create directory", path);
    }

    @Override
    public void delete(String path, boolean recursive) {
        check(send("DELETE", "", path, Map.of("recursive", Boolean.toString(recursive))), "delete", path);
    }

    @Override
    public String readLink(String path) {
        HttpResponse<byte[]> r = send("GET", "link", path, Map.of());
        check(r, "read link", path);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void createLink(String path, String target) {
        check(send("PUT", "link", path, Map.of("target", target)), "create link", path);
    }

    @Override
    public void close() {
        // Every call has a connection of its own, or the HTTP client's pool; nothing is kept here.
    }

    private JsonNode json(String method, String what, String path, Map<String, String> query, String operation) {
        HttpResponse<byte[]> r = send(method, what, path, query);
        check(r, operation, path);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new MicrovmsClientException(
                    "The agent of " + microvmId + " answered " + operation + " " + path
                            + " with something that is not JSON: " + new String(r.body(), StandardCharsets.UTF_8),
                    e);
        }
    }

    private HttpResponse<byte[]> send(String method, String what, String path, Map<String, String> query) {
        return http.send(
                        uri(what, path, query),
                        method,
                        Map.of(),
                        (byte[]) null,
                        port,
                        timeout,
                        HttpResponse.BodyHandlers.ofByteArray())
                .response();
    }

    private void check(HttpResponse<byte[]> r, String operation, String path) {
        if (r.statusCode() >= 300) {
            throw failure(r.statusCode(), r.body(), operation, path);
        }
    }

    private RuntimeException failure(int status, byte[] body, String operation, String path) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("reason")) {
                return FileErrors.of(
                        error.path("reason").asText(),
                        microvmId,
                        operation,
                        path,
                        error.path("message").asText(null));
            }
        } catch (IOException e) {
            // not the agent's error: the proxy's, said below
        }
        return new MicrovmsClientException("The agent of " + microvmId + " on port " + port + " answered " + status
                + " to " + operation + " " + path + (text.isBlank() ? "" : ": " + text.strip())
                + (status == 502
                        ? ". Nothing listens there: is the agent enabled in the app"
                                + " (MicrovmGuest.builder().agent())?"
                        : "."));
    }

    private URI uri(String what, String path, Map<String, String> query) {
        StringBuilder b = new StringBuilder(BASE).append("/files");
        if (!what.isEmpty()) {
            b.append('/').append(what);
        }
        b.append("?path=").append(URLEncoder.encode(path, StandardCharsets.UTF_8));
        query.forEach(
                (k, v) -> b.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return base.resolve(b.toString());
    }

    private static FileInfo info(JsonNode n) {
        return new FileInfo(
                n.path("path").asText(),
                n.path("name").asText(),
                FileInfo.Type.valueOf(n.path("type").asText("OTHER")),
                n.path("size").asLong(),
                n.path("mode").asInt(),
                Instant.ofEpochSecond(n.path("modified").asLong()));
    }
}
