package dev.microvms.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.sdk.internal.EndpointAddress;
import dev.microvms.sdk.internal.EndpointHttp;
import dev.microvms.sdk.internal.ProxyProtocol;
import dev.microvms.sdk.internal.TokenCache;
import dev.microvms.sdk.internal.TrackingListener;
import dev.microvms.sdk.internal.WebSocketConnector;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A MicroVM's endpoint: requests to the app inside, through the service's proxy. It mints a token for
 * each port it uses (CreateMicrovmAuthToken), keeps it and mints a new one once 80% of its life has
 * passed, and sends {@code X-aws-proxy-auth} and {@code X-aws-proxy-port} (default 8080) with every
 * request; WebSockets carry the same as subprotocols. A 502 right after start is tried again a few times.
 * The scheme is https for the service and http for a loopback endpoint (the local emulator).
 *
 * <pre>{@code
 * Endpoint endpoint = microvm.endpoint();
 * String page = endpoint.get("/").bodyAsString();
 * Order order = endpoint.postJson("/orders", new Order("book", 2), Order.class);
 * try (EventStream events = endpoint.events("/progress")) {
 *     events.stream().limit(10).forEach(e -> System.out.println(e.data()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the streams, WebSockets, shells, sandboxes and port forwards opened
 * through it; the endpoint itself stays usable.
 */
public final class Endpoint implements AutoCloseable {
    private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

    private final SdkContext ctx;
    private final String microvmId;
    private final URI baseUri;
    private final EndpointOptions options;
    private final TokenCache tokens;
    private final EndpointHttp http;
    private final Set<AutoCloseable> open;

    private Endpoint(
            SdkContext ctx,
            String microvmId,
            URI baseUri,
            EndpointOptions options,
            TokenCache tokens,
            Set<AutoCloseable> open) {
        this.ctx = ctx;
        this.microvmId = microvmId;
        this.baseUri = baseUri;
        this.options = options;
        this.tokens = tokens;
        this.open = open;
        this.http = new EndpointHttp(
                ctx.httpClient(), tokens, ctx.sleeper, options.badGatewayAttempts(), options.badGatewayBackoff());
    }

    static Endpoint create(SdkContext ctx, String microvmId, String endpoint, EndpointOptions options) {
        TokenCache tokens = new TokenCache(
                (ports, minutes) -> authTokenOf(
                        ctx.client
                                .createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                                        .microvmIdentifier(microvmId)
                                        .expirationInMinutes(minutes)
                                        .allowedPorts(ports)
                                        .build())
                                .authToken(),
                        "CreateMicrovmAuthToken"),
                ctx.clock,
                options.tokenLifetime(),
                options.sharedTokenPorts(),
                options.allPortsToken());
        return new Endpoint(
                ctx, microvmId, EndpointAddress.baseUri(endpoint), options, tokens, ConcurrentHashMap.newKeySet());
    }

    /** @return the MicroVM this endpoint reaches */
    public String microvmId() {
        return microvmId;
    }

    /** @return the base URL, such as {@code https://<uuid>.lambda-microvm.us-east-1.on.aws} */
    public URI uri() {
        return baseUri;
    }

    /** @return the port requests go to unless they name another */
    public int port() {
        return options.port();
    }

    /**
     * Returns this endpoint aimed at another port; it shares this one's tokens and open streams.
     *
     * @param port 1-65535
     * @return the endpoint
     */
    public Endpoint onPort(int port) {
        return new Endpoint(
                ctx, microvmId, baseUri, options.toBuilder().port(port).build(), tokens, open);
    }

    /**
     * Returns a token for a port, minted now or earlier and good for at least a fifth of its life; for
     * clients of your own (a browser, curl) that set {@code X-aws-proxy-auth} themselves.
     *
     * @param port the port
     * @return the token
     */
    public String token(int port) {
        return tokens.tokenFor(port);
    }

    /**
     * Sends a request and returns the answer whatever its status.
     *
     * @param request the request
     * @return the answer
     */
    public EndpointResponse send(EndpointRequest request) {
        return exchange(request).response();
    }

    /**
     * Sends a request and returns the answer, failing on an error status.
     *
     * @param request the request
     * @return the answer, with a status below 400
     * @throws EndpointException when the status is 400 or more; it carries the status and body
     */
    public EndpointResponse call(EndpointRequest request) {
        Exchanged done = exchange(request);
        EndpointResponse response = done.response();
        if (response.statusCode() >= 400) {
            throw new EndpointException(
                    request.method(),
                    done.uri(),
                    done.port(),
                    response.statusCode(),
                    response.bodyAsString(),
                    done.attempts());
        }
        return response;
    }

    /**
     * Sends a request and hands back the answer as soon as its headers arrive, whatever its status; the
     * body is read as it comes, so a chunked answer or an endless stream can be shown while it lasts.
     *
     * @param request the request
     * @return the answer; close it when done
     */
    public EndpointStream open(EndpointRequest request) {
        int port = request.port().orElse(options.port());
        HttpResponse<InputStream> r = http.send(
                        baseUri.resolve(request.path()),
                        request.method(),
                        request.headers(),
                        request.bodyBytes(),
                        port,
                        request.timeout().orElse(options.requestTimeout()),
                        HttpResponse.BodyHandlers.ofInputStream())
                .response();
        EndpointStream stream = new EndpointStream(r.statusCode(), r.headers().map(), r.body(), r.uri(), open::remove);
        open.add(stream);
        return stream;
    }

    private record Exchanged(EndpointResponse response, URI uri, int port, int attempts) {}

    private Exchanged exchange(EndpointRequest request) {
        int port = request.port().orElse(options.port());
        EndpointHttp.Sent<byte[]> sent = http.send(
                baseUri.resolve(request.path()),
                request.method(),
                request.headers(),
                request.bodyBytes(),
                port,
                request.timeout().orElse(options.requestTimeout()),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> r = sent.response();
        return new Exchanged(
                new EndpointResponse(r.statusCode(), r.headers().map(), r.body(), options.objectMapper()),
                r.uri(),
                port,
                sent.attempts());
    }

    /**
     * GETs a path.
     *
     * @param path the path from {@code /}, with its query if any
     * @return the answer, with a status below 400
     * @throws EndpointException when the status is 400 or more
     */
    public EndpointResponse get(String path) {
        return call(EndpointRequest.get(path));
    }

    /**
     * POSTs text.
     *
     * @param path the path
     * @param body the body, sent as UTF-8 {@code text/plain}
     * @return the answer, with a status below 400
     * @throws EndpointException when the status is 400 or more
     */
    public EndpointResponse post(String path, String body) {
        return call(EndpointRequest.builder()
                .method("POST")
                .path(path)
                .header("Content-Type", "text/plain; charset=utf-8")
                .body(body)
                .build());
    }

    /**
     * DELETEs a path.
     *
     * @param path the path
     * @return the answer, with a status below 400
     * @throws EndpointException when the status is 400 or more
     */
    public EndpointResponse delete(String path) {
        return call(EndpointRequest.builder().method("DELETE").path(path).build());
    }

    /**
     * GETs JSON.
     *
     * @param path the path
     * @return the JSON tree
     * @throws EndpointException when the status is 400 or more
     */
    public JsonNode getJson(String path) {
        return call(jsonRequest("GET", path, null)).json();
    }

    /**
     * GETs JSON into a type.
     *
     * @param path the path
     * @param type the type, such as a record
     * @param <T> the type
     * @return the value
     * @throws EndpointException when the status is 400 or more
     */
    public <T> T getJson(String path, Class<T> type) {
        return call(jsonRequest("GET", path, null)).json(type);
    }

    /**
     * Sends a value as JSON with any method and reads the JSON answer into a type.
     *
     * @param method such as {@code POST} or {@code PUT}
     * @param path the path
     * @param body the value to send, written by the options' mapper
     * @param type the type of the answer
     * @param <T> the type
     * @return the value
     * @throws EndpointException when the status is 400 or more
     */
    public <T> T sendJson(String method, String path, Object body, Class<T> type) {
        return call(jsonRequest(method, path, body)).json(type);
    }

    /**
     * POSTs a value as JSON and reads the JSON answer into a type.
     *
     * @param path the path
     * @param body the value to send
     * @param type the type of the answer
     * @param <T> the type
     * @return the value
     * @throws EndpointException when the status is 400 or more
     */
    public <T> T postJson(String path, Object body, Class<T> type) {
        return sendJson("POST", path, body, type);
    }

    /**
     * Opens a server-sent event stream with a GET.
     *
     * @param path the path
     * @return the stream; close it when done
     * @throws EndpointException when the status is 400 or more
     */
    public EventStream events(String path) {
        return events(EndpointRequest.get(path));
    }

    /**
     * Opens a server-sent event stream. {@code Accept: text/event-stream} is added unless set.
     *
     * @param request the request, such as a GET with a {@code Last-Event-ID} header to resume
     * @return the stream; close it when done
     * @throws EndpointException when the status is 400 or more
     */
    public EventStream events(EndpointRequest request) {
        EventStream stream = EventStreams.open(http, baseUri, options, request, open::remove);
        open.add(stream);
        return stream;
    }

    /**
     * Opens a server-sent event stream with a GET and hands each event to a listener on a thread of
     * the subscription's own.
     *
     * @param path the path
     * @param listener gets each event
     * @return the subscription; close it to stop
     * @throws EndpointException when the status is 400 or more
     */
    public EventSubscription subscribe(String path, Consumer<ServerSentEvent> listener) {
        EventSubscription subscription = new EventSubscription(
                events(path), listener, "microvms-sse-" + microvmId + "-" + SUBSCRIPTIONS.incrementAndGet());
        subscription.start();
        return subscription;
    }

    /**
     * Opens a WebSocket to the app with the JDK's client; the token and port travel as the proxy's
     * subprotocols ({@code lambda-microvms}, {@code lambda-microvms.authentication.<token>}, {@code
     * lambda-microvms.port.<N>}), followed by the app's own.
     *
     * @param path the path
     * @param listener receives the messages, as for {@link java.net.http.WebSocket.Builder#buildAsync}
     * @param appSubprotocols subprotocols of the app, if it uses any
     * @return the open WebSocket
     * @throws EndpointException when the handshake is refused
     */
    public WebSocket webSocket(String path, WebSocket.Listener listener, String... appSubprotocols) {
        String checked = EndpointRequest.get(path).path();
        int port = options.port();
        List<String> protocols = ProxyProtocol.subprotocols(tokens.tokenFor(port), port, List.of(appSubprotocols));
        AutoCloseable[] closer = new AutoCloseable[1];
        WebSocket socket = connector()
                .connect(
                        EndpointAddress.webSocketUri(baseUri, checked),
                        port,
                        protocols,
                        new TrackingListener(listener, () -> open.remove(closer[0])));
        closer[0] = socket::abort;
        open.add(closer[0]);
        if (socket.isInputClosed()) {
            // Closed before it was tracked: the listener's hook has already run.
            open.remove(closer[0]);
        }
        return socket;
    }

    /**
     * Opens an interactive shell (CreateMicrovmShellAuthToken, then a WebSocket) whose output is read
     * from {@link ShellSession#output()}. The MicroVM needs the SHELL_INGRESS connector.
     *
     * @return the shell, once the server has sent its session id
     */
    public ShellSession shell() {
        return openShell(null);
    }

    /**
     * Opens an interactive shell whose output goes to a listener, on the HTTP client's threads.
     *
     * @param output gets the terminal's output as it comes
     * @return the shell, once the server has sent its session id
     */
    public ShellSession shell(Consumer<byte[]> output) {
        return openShell(output);
    }

    private ShellSession openShell(@Nullable Consumer<byte[]> output) {
        ShellSession shell = Shells.open(ctx, microvmId, baseUri, options, connector(), output);
        open.add(shell);
        var unused = shell.exit().whenComplete((exit, error) -> open.remove(shell));
        return shell;
    }

    /** @return the HTTP sender with this endpoint's tokens and 502 retries, for the sandbox's agent */
    EndpointHttp http() {
        return http;
    }

    /** @return this endpoint's options */
    EndpointOptions options() {
        return options;
    }

    /**
     * Closes something with this endpoint: a sandbox, a port forward.
     *
     * @param closeable what to close with it
     */
    void track(AutoCloseable closeable) {
        open.add(closeable);
    }

    /** @param closeable something closed on its own, no longer to close with the endpoint */
    void untrack(AutoCloseable closeable) {
        open.remove(closeable);
    }

    /**
     * Closes the event streams, WebSockets, shells, sandbox sessions and port forwards opened through this
     * endpoint and not yet closed.
     */
    @Override
    public void close() {
        for (AutoCloseable c : List.copyOf(open)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing is best effort: one broken connection must not keep the others open.
            }
        }
        open.clear();
    }

    @Override
    public String toString() {
        return "Endpoint[" + microvmId + " at " + baseUri + ", port " + options.port() + "]";
    }

    private EndpointRequest jsonRequest(String method, String path, @Nullable Object body) {
        EndpointRequest.Builder b =
                EndpointRequest.builder().method(method).path(path).header("Accept", "application/json");
        if (body != null) {
            try {
                b.header("Content-Type", "application/json")
                        .body(options.objectMapper().writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new MicrovmsClientException(
                        "Could not write " + body.getClass().getName() + " as JSON: "
                                + e.getOriginalMessage() + "; give a value Jackson can write, or set another mapper in"
                                + " EndpointOptions.objectMapper.",
                        e);
            }
        }
        return b.build();
    }

    private WebSocketConnector connector() {
        return new WebSocketConnector(
                ctx.httpClient(),
                ctx.sleeper,
                options.badGatewayAttempts(),
                options.badGatewayBackoff(),
                options.requestTimeout());
    }

    static String authTokenOf(@Nullable Map<String, String> authToken, String operation) {
        String token = authToken == null ? null : authToken.get(ProxyProtocol.AUTH_HEADER);
        if (token == null || token.isEmpty()) {
            throw new MicrovmsClientException(operation + " answered without an " + ProxyProtocol.AUTH_HEADER
                    + " token (members: " + (authToken == null ? "none" : authToken.keySet()) + ").");
        }
        return token;
    }
}
