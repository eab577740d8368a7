package dev.microvms.sdk.internal.forward;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local listener that tunnels each TCP connection over a WebSocket of its own to the guest agent, which
 * connects to the port inside the MicroVM: binary messages carry the bytes both ways, a close ends it.
 */
public final class TcpForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpForwarder.class);
    private static final int CHUNK = 32 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServerSocket listener;
    private final int remotePort;
    private final Function<WebSocket.Listener, WebSocket> tunnels;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param bind the local address and port (0 for any free one)
     * @param remotePort the port inside the MicroVM
     * @param tunnels opens a tunnel WebSocket to the agent with a listener
     * @throws IOException when the local port cannot be bound
     */
    public TcpForwarder(InetSocketAddress bind, int remotePort, Function<WebSocket.Listener, WebSocket> tunnels)
            throws IOException {
        this.remotePort = remotePort;
        this.tunnels = tunnels;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(bind, 128);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "microvms-tcp-forward-" + remotePort + "-" + THREADS.incrementAndGet());
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
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("TCP forward to port {} stopped accepting", remotePort, e);
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        open.add(client);
        WebSocket socket = null;
        try (client) {
            client.setTcpNoDelay(true);
            Downstream down = new Downstream(client.getOutputStream());
            socket = tunnels.apply(down);
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[CHUNK];
            for (int n = in.read(buffer); n >= 0 && !down.ended.isDone(); n = in.read(buffer)) {
                socket.sendBinary(ByteBuffer.wrap(buffer, 0, n).slice(), true).get(60, TimeUnit.SECONDS);
                buffer = new byte[CHUNK];
            }
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed").get(10, TimeUnit.SECONDS);
            }
            down.ended.get(30, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("A TCP forward to port {} ended: {}", remotePort, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
            if (socket != null) {
                socket.abort();
            }
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

    /** Writes what the agent sends to the local connection; the tunnel's close shuts its output. */
    private static final class Downstream implements WebSocket.Listener {
        private final OutputStream out;
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        Downstream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                out.write(bytes);
                out.flush();
                webSocket.request(1);
            } catch (IOException e) {
                webSocket.abort();
                ended.complete(null);
            }
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
            ended.complete(null);
        }
    }
}
