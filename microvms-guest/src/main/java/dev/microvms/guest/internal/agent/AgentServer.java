package dev.microvms.guest.internal.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The guest agent's listener: HTTP/1.1 with keep-alive for files and WebSocket upgrades for exec and
 * tunnels, under {@value #BASE}. It trusts every request it gets: the endpoint's proxy lets through only
 * requests with an auth token for this port, which is the agent's authentication (see the security model
 * in the guest library's README). Connections are bounded; an idle one is closed after two minutes.
 */
public final class AgentServer implements AutoCloseable {
    /** Where the agent's paths start. */
    public static final String BASE = "/microvms-agent/v1";

    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    private static final int MAX_CONNECTIONS = 64;
    private static final int IDLE_MILLIS = 120_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private AgentServer(ServerSocket listener) {
        this.listener = listener;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "microvms-agent-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds and starts serving.
     *
     * @param address the address to listen on
     * @return the running agent
     * @throws IOException when the address cannot be bound
     */
    public static AgentServer start(InetSocketAddress address) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 64);
        AgentServer server = new AgentServer(listener);
        server.threads.execute(server::accept);
        return server;
    }

    /** @return the port it listens on */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "The microvms agent stopped accepting connections", e);
                }
                return;
            }
            if (!slots.tryAcquire()) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // refused
                }
                continue;
            }
            threads.execute(() -> {
                try {
                    serve(client);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void serve(Socket client) {
        open.add(client);
        try (client) {
            client.setTcpNoDelay(true);
            client.setSoTimeout(IDLE_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
            while (!closed) {
                AgentHttp request = AgentHttp.read(in);
                if (request == null || !handle(request, in, out, client)) {
                    return;
                }
            }
        } catch (SocketException ignored) {
            // the client went away
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "A connection to the microvms agent ended", e);
        } finally {
            open.remove(client);
        }
    }

    /** @return whether the connection may carry another request */
    private boolean handle(AgentHttp request, InputStream in, OutputStream out, Socket client) throws IOException {
        boolean close = !request.keepAlive();
        if (!request.path.startsWith(BASE + "/")) {
            drain(request, in);
            AgentHttp.json(
                    out,
                    404,
                    Json.error(
                            "NOT_FOUND",
                            "no agent path " + request.path + "; the agent's" + " paths start with " + BASE),
                    close);
            return !close;
        }
        String route = request.path.substring(BASE.length());
        if (route.equals("/exec") || route.equals("/tunnel")) {
            return upgrade(request, route, in, out, client);
        }
        if (route.equals("/info") && request.method.equals("GET")) {
            AgentHttp.json(out, 200, Json.fields("agent", "microvms-agent", "protocol", 1), close);
            return !close;
        }
        if (route.equals("/files") || route.startsWith("/files/")) {
            try {
                files(request, route.substring("/files".length()), in, out, close);
            } catch (FileService.Failure f) {
                drain(request, in);
                AgentHttp.json(out, f.status, Json.error(f.reason, f.getMessage()), close);
            }
            return !close;
        }
        drain(request, in);
        AgentHttp.json(out, 404, Json.error("NOT_FOUND", "no agent path " + request.path), close);
        return !close;
    }

    private void files(AgentHttp request, String what, InputStream in, OutputStream out, boolean close)
            throws IOException, FileService.Failure {
        String pathText = request.query.get("path");
        if (pathText == null || pathText.isEmpty()) {
            throw new FileService.Failure(400, "BAD_REQUEST", "give the path as ?path=");
        }
        Path path = Paths.get(pathText);
        String method = request.method;
        if (what.equals("/content") && method.equals("GET")) {
            drain(request, in);
            FileService.read(path, out, close);
        } else if (what.equals("/content") && method.equals("PUT")) {
            int mode = parseMode(request.query.getOrDefault("mode", "644"));
            InputStream body = request.body(in);
            try {
                FileService.write(path, body, mode);
            } finally {
                body.transferTo(OutputStream.nullOutputStream());
            }
            noContent(out, close);
        } else if (what.equals("/stat") && method.equals("GET")) {
            drain(request, in);
            AgentHttp.json(out, 200, FileService.stat(path), close);
        } else if (what.equals("/list") && method.equals("GET")) {
            drain(request, in);
            AgentHttp.json(out, 200, FileService.list(path), close);
        } else if (what.equals("/directories") && method.equals("POST")) {
            drain(request, in);
            FileService.createDirectories(path);
            noContent(out, close);
        } else if (what.isEmpty() && method.equals("DELETE")) {
            drain(request, in);
            FileService.delete(path, "true".equals(request.query.get("recursive")));
            noContent(out, close);
        } else if (what.equals("/link") && method.equals("GET")) {
            drain(request, in);
            AgentHttp.respond(
                    out, 200, "text/plain; charset=utf-8", FileService.utf8(FileService.readLink(path)), close);
        } else if (what.equals("/link") && method.equals("PUT")) {
            drain(request, in);
            String target = request.query.get("target");
            if (target == null) {
                throw new FileService.Failure(400, "BAD_REQUEST", "give the link's target as &target=");
            }
            FileService.createLink(path, target);
            noContent(out, close);
        } else {
            drain(request, in);
            throw new FileService.Failure(405, "BAD_REQUEST", method + " " + request.path + " is not an agent call");
        }
    }

    private boolean upgrade(AgentHttp request, String route, InputStream in, OutputStream out, Socket client)
            throws IOException {
        String invalid = AgentWebSocket.handshakeError(request);
        if (invalid != null || !request.hasToken("Upgrade", "websocket")) {
            drain(request, in);
            AgentHttp.json(
                    out, 400, Json.error("BAD_REQUEST", invalid == null ? "not a WebSocket upgrade" : invalid), true);
            return false;
        }
        int port = 0;
        if (route.equals("/tunnel")) {
            try {
                port = Integer.parseInt(request.query.getOrDefault("port", ""));
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65_535) {
                AgentHttp.json(out, 400, Json.error("BAD_REQUEST", "give the port to tunnel to as ?port=N"), true);
                return false;
            }
        }
        AgentWebSocket.accept(request, out);
        client.setSoTimeout(0);
        AgentWebSocket socket = new AgentWebSocket(in, out);
        if (port == 0) {
            new ExecSession(socket).run();
        } else {
            new TunnelSession(socket, port).run();
        }
        return false;
    }

    private static void noContent(OutputStream out, boolean close) throws IOException {
        out.write(("HTTP/1.1 204 No Content\r\nCache-Control: no-store\r\n" + (close ? "Connection: close\r\n" : "")
                        + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void drain(AgentHttp request, InputStream in) throws IOException {
        request.body(in).transferTo(OutputStream.nullOutputStream());
    }

    private static int parseMode(String octal) throws FileService.Failure {
        try {
            int mode = Integer.parseInt(octal, 8);
            if (mode >= 0 && mode <= 07777) {
                return mode;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new FileService.Failure(400, "BAD_REQUEST", "mode must be octal permission bits, such as 644");
    }

    /** Stops listening and closes every connection; commands running through it are killed. */
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
}
