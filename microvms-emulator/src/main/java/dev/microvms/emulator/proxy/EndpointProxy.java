package dev.microvms.emulator.proxy;

import dev.microvms.emulator.core.AuthTokens;
import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.emulator.core.MicrovmState;
import dev.microvms.emulator.executor.GuestProcess;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint of one MicroVM: a listener on 127.0.0.1, stable across suspend and resume, that checks
 * each request's token as the service's proxy does, picks the target port, strips its own headers and
 * subprotocols, and relays the request and the answer as they stream (keep-alive, chunked bodies, SSE,
 * and WebSocket upgrades tunnelled both ways). A WebSocket with a shell token is not forwarded: the proxy
 * answers it and runs a shell inside the MicroVM ({@link ShellBridge}). It never forwards into a frozen
 * MicroVM: a suspended one is resumed first when its idle policy says so, and answers 502 otherwise, as
 * recorded live.
 */
public final class EndpointProxy implements AutoCloseable {
    static final String AUTH_HEADER = "X-aws-proxy-auth";
    static final String PORT_HEADER = "X-aws-proxy-port";
    private static final String PROTOCOL = "lambda-microvms";
    private static final String AUTH_PROTOCOL = "lambda-microvms.authentication.";
    private static final String PORT_PROTOCOL = "lambda-microvms.port.";
    private static final int DEFAULT_PORT = 8080;
    private static final int BUFFER = 16 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = LoggerFactory.getLogger(EndpointProxy.class);

    private final String microvmId;
    private final MicrovmService microvms;
    private final Supplier<@Nullable GuestProcess> app;
    private final ExecutorService threads;
    private final Clock clock;
    private final ServerSocket listener;
    private volatile boolean closed;

    /**
     * Starts listening on a free loopback port.
     *
     * @param microvmId the MicroVM it serves
     * @param microvms the service that admits tokens and resumes suspended MicroVMs
     * @param app the MicroVM's app, or null while it has none
     * @param threads the threads that serve connections
     * @param clock the clock for token expiry
     * @throws IOException when no port can be bound
     */
    public EndpointProxy(
            String microvmId,
            MicrovmService microvms,
            Supplier<@Nullable GuestProcess> app,
            ExecutorService threads,
            Clock clock)
            throws IOException {
        this.microvmId = microvmId;
        this.microvms = microvms;
        this.app = app;
        this.threads = threads;
        this.clock = clock;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        threads.execute(this::accept);
    }

    /** @return the endpoint, {@code 127.0.0.1:<port>} */
    public String endpoint() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        Thread thread = Thread.currentThread();
        String pooled = thread.getName();
        thread.setName("endpoint-" + microvmId);
        try {
            acceptUntilClosed();
        } finally {
            thread.setName(pooled); // the pool's thread goes on to serve other MicroVMs
        }
    }

    private void acceptUntilClosed() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                client.setTcpNoDelay(true);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("The endpoint of {} stopped accepting", microvmId, e);
                }
                return;
            }
        }
    }

    /** Serves one client connection, request after request while both sides keep it alive. */
    private void serve(Socket client) {
        Map<Integer, Upstream> upstreams = new HashMap<>();
        try (client) {
            HttpInput in = new HttpInput(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), BUFFER);
            Grants grants = new Grants();
            while (!closed) {
                HttpHead request = HttpHead.read(in);
                if (request == null || !forward(request, in, out, client, upstreams, grants)) {
                    return;
                }
            }
        } catch (SocketException ignored) {
            // The client or the app went away; nothing to answer.
        } catch (IOException | RuntimeException e) {
            LOG.debug("A connection to the endpoint of {} ended: {}", microvmId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            upstreams.values().forEach(Upstream::close);
        }
    }

    /** @return true when the connection may carry another request */
    private boolean forward(
            HttpHead request,
            HttpInput in,
            OutputStream out,
            Socket client,
            Map<Integer, Upstream> upstreams,
            Grants grants)
            throws IOException, InterruptedException {
        boolean websocket = request.hasToken("Upgrade", "websocket");
        List<String> protocols = websocket ? protocols(request) : List.of();
        String token = request.header(AUTH_HEADER);
        if (token == null) {
            token = fromProtocols(protocols, AUTH_PROTOCOL);
        }
        Integer port = port(request, protocols);
        if (token == null) {
            return refuse(out, 403, "Request missing authentication");
        }
        AuthTokens.Grant grant = grants.read(token);
        if (grant == null) {
            return refuse(out, 403, "Request missing authentication");
        }
        if (!grant.microvmId().equals(microvmId) || !clock.instant().isBefore(grant.expiresAt())) {
            return refuse(out, 403, "Token authentication failed");
        }
        // A shell token opens the shell's WebSocket and nothing else; an HTTP token never opens a shell.
        boolean shell = grant.shell() && websocket;
        if (!shell && (port == null || grant.shell() || !grant.allows(port))) {
            return refuse(out, 403, "Access to port denied");
        }
        Microvm vm = microvms.find(microvmId);
        if (vm == null || vm.state() == MicrovmState.TERMINATED || vm.state() == MicrovmState.TERMINATING) {
            return refuse(out, 502, "");
        }
        if (vm.hasConnector("NO_INGRESS")) {
            return refuse(out, 403, "Ingress is denied: the MicroVM was run with the NO_INGRESS network connector");
        }
        if (vm.state() != MicrovmState.RUNNING && !microvms.resumeForTraffic(microvmId)) {
            return refuse(out, 502, "");
        }
        microvms.recordActivity(microvmId);
        GuestProcess guest = app.get();
        if (shell) {
            return guest == null ? refuse(out, 502, "") : shell(request, protocols, in, out, client, guest);
        }
        Upstream upstream = upstreams.get(port);
        if (upstream == null || upstream.broken) {
            if (guest == null) {
                return refuse(out, 502, "");
            }
            try {
                upstream = new Upstream(guest.connect(port));
            } catch (ConnectException nothingListens) {
                return refuse(out, 502, "");
            }
            upstreams.put(port, upstream);
        }
        request.remove(AUTH_HEADER);
        request.remove(PORT_HEADER);
        if (request.hasToken("Expect", "100-continue")) {
            // Accepted here, as reverse proxies do: the client sends its body at once instead of waiting out
            // its own timeout for an interim answer that many apps never send (curl waits 1 s).
            request.remove("Expect");
            if (!request.http10()) {
                out.write(CONTINUE);
                out.flush();
            }
        }
        if (websocket) {
            stripProtocols(request, protocols);
            request.write(upstream.out);
            upstream.out.flush();
            tunnel(in, out, client, upstream);
            return false;
        }
        return exchange(request, in, out, upstream);
    }

    /**
     * Answers a shell's WebSocket handshake here, instead of forwarding it, and runs the session: the
     * shell is a terminal inside the MicroVM, not one of the app's ports.
     *
     * @return false: the connection ends with the session
     */
    private boolean shell(
            HttpHead request, List<String> protocols, HttpInput in, OutputStream out, Socket client, GuestProcess guest)
            throws IOException, InterruptedException {
        String invalid = ShellBridge.handshakeError(request);
        if (invalid != null) {
            return refuse(out, 400, invalid);
        }
        Terminal terminal;
        try {
            terminal = PtyTerminal.open(guest, 80, 24);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The shell of {} could not start", microvmId, e);
            return refuse(out, 502, "");
        }
        try {
            ShellBridge.accept(request, protocols, out);
        } catch (IOException e) {
            terminal.close();
            throw e;
        }
        new ShellBridge(in, out, client, terminal, threads, () -> microvms.recordActivity(microvmId)).run();
        return false;
    }

    /** Relays one request and its answer; @return true when the connection stays open. */
    private boolean exchange(HttpHead request, HttpInput in, OutputStream out, Upstream upstream) throws IOException {
        request.write(upstream.out);
        relayBody(request, in, upstream.out, true);
        upstream.out.flush();
        // Nothing is flushed to the client until its next read could block: a small answer whose head and
        // body arrived together leaves in one write.
        HttpHead response = HttpHead.read(upstream.in);
        if (response == null) {
            upstream.broken = true;
            return refuse(out, 502, "");
        }
        while (response.status() >= 100 && response.status() < 200 && response.status() != 101) {
            response.write(out);
            out.flush();
            response = HttpHead.read(upstream.in);
            if (response == null) {
                upstream.broken = true;
                return false;
            }
        }
        response.write(out);
        boolean bodyless = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
        boolean delimited = bodyless
                || response.header("Content-Length") != null
                || response.hasToken("Transfer-Encoding", "chunked");
        if (!bodyless) {
            long length = contentLength(response);
            if (length >= 0 && length <= Bodies.BUFFER && !response.hasToken("Transfer-Encoding", "chunked")) {
                Bodies.fixed(upstream.in, out, length, false);
            } else {
                relayBody(response, upstream.in, out, false);
            }
        }
        out.flush();
        boolean close = !delimited
                || response.hasToken("Connection", "close")
                || request.hasToken("Connection", "close")
                || request.http10();
        if (close) {
            upstream.broken = true;
        }
        return !close;
    }

    private static void relayBody(HttpHead head, HttpInput from, OutputStream to, boolean isRequest)
            throws IOException {
        if (head.hasToken("Transfer-Encoding", "chunked")) {
            Bodies.chunked(from, to);
        } else if (head.header("Content-Length") != null) {
            Bodies.fixed(from, to, contentLength(head));
        } else if (!isRequest) {
            Bodies.untilClose(from, to);
        }
    }

    /** @return the Content-Length, or -1 when there is none */
    private static long contentLength(HttpHead head) throws IOException {
        String value = head.header("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.trim());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IOException("Content-Length is not a length: '" + value + "'");
    }

    /** After an upgrade, bytes flow both ways until either side closes. */
    private void tunnel(HttpInput in, OutputStream out, Socket client, Upstream upstream) throws InterruptedException {
        java.util.concurrent.Future<?> up = threads.submit(() -> {
            try {
                Bodies.untilClose(in, upstream.out);
            } catch (IOException ignored) {
                // the client went away
            } finally {
                upstream.close();
            }
        });
        try {
            Bodies.untilClose(upstream.in, out);
        } catch (IOException ignored) {
            // the app went away
        } finally {
            try {
                client.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                up.get();
            } catch (java.util.concurrent.ExecutionException ignored) {
                // logged by nobody: a closed tunnel is the normal end
            }
        }
    }

    private static boolean refuse(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String reason =
                status == 400 ? "Bad Request" : status == 403 ? "Forbidden" : status == 502 ? "Bad Gateway" : "Error";
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + bytes.length
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        return false;
    }

    private static List<String> protocols(HttpHead request) {
        List<String> protocols = new ArrayList<>();
        for (String[] h : request.headers) {
            if (h[0].equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                for (String p : h[1].split(",")) {
                    protocols.add(p.trim());
                }
            }
        }
        return protocols;
    }

    private static @Nullable String fromProtocols(List<String> protocols, String prefix) {
        for (String p : protocols) {
            if (p.startsWith(prefix)) {
                return p.substring(prefix.length());
            }
        }
        return null;
    }

    /** The target port: the header, else the subprotocol, else 8080; null when it is not a port. */
    private static @Nullable Integer port(HttpHead request, List<String> protocols) {
        String value = request.header(PORT_HEADER);
        if (value == null) {
            value = fromProtocols(protocols, PORT_PROTOCOL);
        }
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port >= 1 && port <= 65_535 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void stripProtocols(HttpHead request, List<String> protocols) {
        List<String> kept = new ArrayList<>();
        for (String p : protocols) {
            if (!p.equals(PROTOCOL) && !p.startsWith(AUTH_PROTOCOL) && !p.startsWith(PORT_PROTOCOL)) {
                kept.add(p);
            }
        }
        request.remove("Sec-WebSocket-Protocol");
        if (!kept.isEmpty()) {
            request.set("Sec-WebSocket-Protocol", String.join(", ", kept));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A connection to one port of the app, reused across requests while it stays usable. */
    private static final class Upstream {
        final SocketChannel channel;
        final HttpInput in;
        final OutputStream out;
        volatile boolean broken;

        Upstream(SocketChannel channel) {
            this.channel = channel;
            this.in = new HttpInput(ChannelStreams.in(channel));
            this.out = new BufferedOutputStream(ChannelStreams.out(channel), BUFFER);
        }

        void close() {
            broken = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * The grant of the token a connection last showed: clients send the same token with every request, so
     * its signature is checked once per connection, not once per request (expiry is still checked each time).
     */
    private final class Grants {
        private @Nullable String token;
        private AuthTokens.@Nullable Grant grant;

        AuthTokens.@Nullable Grant read(String presented) {
            if (!presented.equals(token)) {
                grant = microvms.tokens().read(presented);
                token = presented;
            }
            return grant;
        }
    }
}
