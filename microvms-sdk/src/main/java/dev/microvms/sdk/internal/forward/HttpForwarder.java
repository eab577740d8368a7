package dev.microvms.sdk.internal.forward;

import dev.microvms.sdk.internal.ProxyProtocol;
import dev.microvms.sdk.internal.Sleeper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local listener that relays HTTP/1.1 and WebSocket to one port of a MicroVM through its endpoint: each
 * request gets {@code Host} set to the endpoint, a current token in {@code X-aws-proxy-auth} and the port
 * in {@code X-aws-proxy-port}, so that a browser or curl needs none of them. A request whose body is small
 * enough to keep is sent again while the endpoint answers 502 (a MicroVM resuming on traffic, an app
 * still starting); an upgrade is tunnelled both ways. Each local connection has its own connection to the
 * endpoint, kept alive as long as both sides allow.
 */
public final class HttpForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpForwarder.class);
    private static final int REPLAYABLE = 1024 * 1024;
    private static final int MAX_CONNECTIONS = 256;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServerSocket listener;
    private final URI endpoint;
    private final int remotePort;
    private final IntFunction<String> tokens;
    private final Sleeper sleeper;
    private final int attempts;
    private final Duration backoff;
    private final Duration connectTimeout;
    private final ExecutorService threads;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Starts listening.
     *
     * @param bind the local address and port (0 for any free one)
     * @param endpoint the endpoint's base URL (https on AWS, http for the emulator)
     * @param remotePort the MicroVM's port
     * @param tokens a current token for a port
     * @param sleeper waits between attempts
     * @param attempts attempts in all while the endpoint answers 502
     * @param backoff the first wait after a 502; doubles after each
     * @param connectTimeout how long connecting to the endpoint may take
     * @throws IOException when the local port cannot be bound
     */
    public HttpForwarder(
            InetSocketAddress bind,
            URI endpoint,
            int remotePort,
            IntFunction<String> tokens,
            Sleeper sleeper,
            int attempts,
            Duration backoff,
            Duration connectTimeout)
            throws IOException {
        this.endpoint = endpoint;
        this.remotePort = remotePort;
        this.tokens = tokens;
        this.sleeper = sleeper;
        this.attempts = attempts;
        this.backoff = backoff;
        this.connectTimeout = connectTimeout;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(bind, 128);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "microvms-forward-" + remotePort + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    /** @return the address it listens on */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (!connections.tryAcquire()) {
                    LOG.warn(
                            "Port forward to port {}: {} connections at once; refusing more",
                            remotePort,
                            MAX_CONNECTIONS);
                    client.close();
                    continue;
                }
                threads.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        connections.release();
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Port forward to port {} stopped accepting", remotePort, e);
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        Upstream upstream = null;
        open.add(client);
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (!closed) {
                HttpHead request = HttpHead.read(in);
                if (request == null) {
                    return;
                }
                Exchange exchange = new Exchange(request, in, out, client);
                upstream = exchange.run(upstream);
                if (upstream == null) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("A forwarded connection to port {} ended: {}", remotePort, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    /** One request and its answer. */
    private final class Exchange {
        private final HttpHead request;
        private final InputStream in;
        private final OutputStream out;
        private final Socket client;

        Exchange(HttpHead request, InputStream in, OutputStream out, Socket client) {
            this.request = request;
            this.in = in;
            this.out = out;
            this.client = client;
        }

        /** @return the upstream connection to keep for the next request, or null to end the connection */
        @Nullable
        Upstream run(@Nullable Upstream kept) throws IOException, InterruptedException {
            boolean upgrade = request.hasToken("Upgrade", "websocket") || request.header("Upgrade") != null;
            request.set("Host", endpoint.getRawAuthority());
            request.remove(ProxyProtocol.AUTH_HEADER);
            request.remove(ProxyProtocol.PORT_HEADER);
            if (request.hasToken("Expect", "100-continue")) {
                // Answered here: the body is read before the endpoint sees the request, so that it can be
                // sent again after a 502.
                request.remove("Expect");
                if (!request.http10()) {
                    out.write(CONTINUE);
                    out.flush();
                }
            }
            byte[] body = null;
            if (!request.chunked() && request.contentLength() <= REPLAYABLE) {
                body = new byte[(int) Math.max(0, request.contentLength())];
                readFully(in, body);
            }
            Upstream upstream = kept;
            Duration wait = backoff;
            HttpHead response;
            for (int attempt = 1; ; attempt++) {
                boolean reused = upstream != null && !upstream.broken;
                if (!reused) {
                    if (upstream != null) {
                        upstream.close();
                    }
                    upstream = connect();
                }
                request.set(ProxyProtocol.AUTH_HEADER, tokens.apply(remotePort));
                request.set(ProxyProtocol.PORT_HEADER, Integer.toString(remotePort));
                try {
                    request.write(upstream.out);
                    if (body != null) {
                        upstream.out.write(body);
                    } else if (request.chunked()) {
                        Bodies.chunked(in, upstream.out);
                    } else {
                        Bodies.fixed(in, upstream.out, request.contentLength());
                    }
                    upstream.out.flush();
                    response = readFinal(upstream);
                } catch (IOException e) {
                    upstream.close();
                    if (reused && body != null) {
                        // A kept connection the endpoint had already closed: try once on a fresh one.
                        upstream = null;
                        continue;
                    }
                    throw e;
                }
                if (response == null) {
                    upstream.close();
                    if (reused && body != null) {
                        upstream = null;
                        continue;
                    }
                    refuse(502, "The MicroVM's endpoint closed the connection without answering.");
                    return null;
                }
                if (response.status() == 502 && body != null && attempt < attempts) {
                    LOG.debug(
                            "Port {} answered 502 (attempt {} of {}); trying again in {}",
                            remotePort,
                            attempt,
                            attempts,
                            wait);
                    upstream.close();
                    upstream = null;
                    sleeper.sleep(wait);
                    wait = wait.multipliedBy(2);
                    continue;
                }
                break;
            }
            if (upgrade && response.status() == 101) {
                response.write(out);
                out.flush();
                tunnel(upstream);
                return null;
            }
            response.write(out);
            boolean bodyless = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
            boolean delimited = bodyless || response.chunked() || response.header("Content-Length") != null;
            if (!bodyless) {
                if (response.chunked()) {
                    Bodies.chunked(upstream.in, out);
                } else if (response.header("Content-Length") != null) {
                    Bodies.fixed(upstream.in, out, response.contentLength());
                } else {
                    out.flush();
                    Bodies.untilClose(upstream.in, out);
                }
            }
            out.flush();
            boolean close = !delimited
                    || response.hasToken("Connection", "close")
                    || request.hasToken("Connection", "close")
                    || request.http10();
            if (close) {
                upstream.close();
                return null;
            }
            return upstream;
        }

        /** Relays interim answers (100 Continue) and returns the final one, or null if the endpoint hung up. */
        private @Nullable HttpHead readFinal(Upstream upstream) throws IOException {
            while (true) {
                HttpHead response = HttpHead.read(upstream.in);
                if (response == null) {
                    return null;
                }
                int status = response.status();
                if (status >= 200 || status == 101) {
                    return response;
                }
                if (status != 100) {
                    response.write(out);
                    out.flush();
                }
            }
        }

        private void tunnel(Upstream upstream) throws InterruptedException {
            Thread up = new Thread(
                    () -> {
                        try {
                            Bodies.untilClose(in, upstream.out);
                        } catch (IOException ignored) {
                            // the local client went away
                        } finally {
                            upstream.shutdownOutput();
                        }
                    },
                    "microvms-forward-tunnel-" + remotePort);
            up.setDaemon(true);
            up.start();
            try {
                Bodies.untilClose(upstream.in, out);
            } catch (IOException ignored) {
                // the endpoint went away
            } finally {
                try {
                    client.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
                up.join(Duration.ofSeconds(5).toMillis());
                upstream.close();
            }
        }

        private void refuse(int status, String message) throws IOException {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        }
    }

    private Upstream connect() throws IOException {
        boolean tls = endpoint.getScheme().equalsIgnoreCase("https");
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : (tls ? 443 : 80);
        Socket socket;
        if (tls) {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(endpoint.getHost(), port), (int) connectTimeout.toMillis());
            SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(plain, endpoint.getHost(), port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            socket = ssl;
        } else {
            socket = new Socket();
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) connectTimeout.toMillis());
        }
        socket.setTcpNoDelay(true);
        return new Upstream(socket);
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int at = 0;
        while (at < into.length) {
            int n = in.read(into, at, into.length - at);
            if (n < 0) {
                throw new IOException("the request body ended early");
            }
            at += n;
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
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }

    /** A connection to the endpoint. */
    private static final class Upstream {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        volatile boolean broken;

        Upstream(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream());
        }

        void shutdownOutput() {
            try {
                socket.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // an SSL socket cannot half-close: the close of the whole ends the tunnel
            }
        }

        void close() {
            broken = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
