package dev.microvms.emulator.proxy;

import dev.microvms.emulator.core.Admission;
import dev.microvms.emulator.executor.GuestProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to an endpoint, on the event loop: it reads each request, asks the gate, opens
 * (or reuses) a connection to the app's port, relays the request and then the answer as they arrive, and
 * goes on with the next request while both sides keep the connection. A client that leaves while its
 * answer is awaited takes the app's connection with it; one that is too slow to send is answered 408.
 */
final class ClientConnection implements EventLoop.Handler {
    static final int READ_BUFFER = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    /** Ports of the app one client connection keeps connections to. */
    private static final int MAX_UPSTREAMS = 8;
    /** How long a refused client may go on sending before the connection is cut. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A tunnel's traffic counts as activity for the idle policy at most this often. */
    private static final long ACTIVITY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final byte[] CONTINUE = Output.ascii("HTTP/1.1 100 Continue\r\n\r\n");

    private enum Phase {
        /** Reading a request head (or waiting for the first). */
        HEAD,
        /** Between requests of a keep-alive connection. */
        IDLE,
        /** A blocking step (resume, connect) runs off the loop. */
        WAITING,
        /** A request and its answer are being relayed. */
        EXCHANGE,
        /** Upgraded: bytes flow both ways as they are. */
        TUNNEL,
        /** The last answer is out, or going; what the client still sends is read and dropped, briefly. */
        LINGER,
        CLOSED
    }

    private final EventLoop loop;
    private final Endpoint endpoint;
    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER).flip();
    private final Output out;
    private final RequestReader reader = new RequestReader();
    private final RequestHead request = reader.head;
    private final Map<Integer, Upstream> upstreams = new HashMap<>(4);
    private @Nullable SelectionKey key;
    private int interest = -1;

    private Phase phase = Phase.HEAD;
    private long since = System.nanoTime();
    private long lastRead = since;
    private long lastActivity;
    private boolean clientEof;
    private boolean closeWhenWritten;

    // The exchange under way.
    private @Nullable Upstream upstream;
    private boolean responseStarted;
    private boolean upgrade;
    private @Nullable String token;
    private @Nullable Integer port;
    private List<String> protocols = List.of();

    ClientConnection(EventLoop loop, Endpoint endpoint, SocketChannel channel) {
        this.loop = loop;
        this.endpoint = endpoint;
        this.channel = channel;
        this.out = new Output(channel);
    }

    void start() throws IOException {
        key = loop.register(channel, SelectionKey.OP_READ, this);
        interest = SelectionKey.OP_READ;
        loop.added(this);
        endpoint.added(this);
    }

    // --- events --------------------------------------------------------------------------------------------

    @Override
    public void ready(SelectionKey ready) throws IOException {
        if (ready.isValid() && ready.isWritable() && flushClient()) {
            resumePaused();
        }
        if (ready.isValid() && ready.isReadable() && phase != Phase.CLOSED) {
            readClient();
        }
        afterPass();
    }

    void upstreamReady(Upstream u, SelectionKey ready) throws IOException {
        if (ready.isValid() && ready.isWritable() && flushUpstream(u)) {
            resumePaused();
        }
        if (ready.isValid() && ready.isReadable() && !u.closed && phase != Phase.CLOSED) {
            boolean open = u.read();
            if (u != upstream) {
                // An idle connection: the app closed it, or sent what nobody asked for.
                if (!open || u.in.hasRemaining()) {
                    dropUpstream(u);
                }
            } else if (phase == Phase.TUNNEL) {
                tunnelFromApp(u);
            } else if (phase == Phase.EXCHANGE) {
                relayAnswer(u);
            }
        }
        afterPass();
    }

    @Override
    public void failed(Exception e) {
        LOG.debug("A connection to the endpoint of {} ended: {}", endpoint.microvmId(), e.toString());
        close();
    }

    /** Timeouts, once a second. */
    void tick(long now) {
        long head = loop.settings.headTimeout().toNanos();
        switch (phase) {
            case HEAD -> {
                if (now - since > head && (in.hasRemaining() || reader.started())) {
                    refuse(new Admission.Refuse(
                            408,
                            "The request did not arrive within "
                                    + loop.settings.headTimeout().toSeconds() + " seconds"));
                } else if (now - since > head) {
                    close(); // a connection that never sent a byte
                }
            }
            case IDLE -> {
                if (now - since > loop.settings.idleTimeout().toNanos()) {
                    close();
                }
            }
            case EXCHANGE -> {
                if (!reader.done() && now - lastRead > head) {
                    refuse(new Admission.Refuse(
                            408,
                            "The request's body stalled for "
                                    + loop.settings.headTimeout().toSeconds() + " seconds"));
                }
            }
            case LINGER -> {
                // Writing the last answer may take the idle timeout; reading what follows it, a moment.
                long limit = closeWhenWritten ? loop.settings.idleTimeout().toNanos() : LINGER_NANOS;
                if (now - since > limit) {
                    close();
                }
            }
            default -> {
                // WAITING ends with its step; a tunnel, or an answer awaited, has no timeout
            }
        }
        afterPass();
    }

    // --- the request ---------------------------------------------------------------------------------------

    private void readClient() throws IOException {
        if (in.remaining() == in.capacity()) {
            return; // full: reads resume once the parser takes some
        }
        in.compact();
        int n;
        try {
            n = channel.read(in);
        } finally {
            in.flip();
        }
        if (n < 0) {
            clientEof = true;
            clientGone();
            return;
        }
        lastRead = System.nanoTime();
        switch (phase) {
            case IDLE -> {
                phase = Phase.HEAD;
                since = lastRead;
                readRequest();
            }
            case HEAD -> readRequest();
            case EXCHANGE -> readRequest(); // unless it is complete: a pipelined request waits for this answer
            case TUNNEL -> tunnelFromClient();
            case LINGER -> in.position(in.limit());
            default -> {
                // WAITING: kept until the step is done
            }
        }
    }

    /** The client closed its side: between requests that is the end; during one, it gave up. */
    private void clientGone() {
        Upstream u = upstream;
        if (phase == Phase.TUNNEL && u != null) {
            try {
                u.out.flush();
                u.channel.shutdownOutput();
            } catch (IOException e) {
                close();
                return;
            }
            if (u.eof) {
                close();
            }
            return;
        }
        close();
    }

    private void readRequest() {
        while (phase == Phase.HEAD || (phase == Phase.EXCHANGE && !reader.done())) {
            switch (reader.read(in)) {
                case HEAD -> decide();
                case INVALID -> {
                    refuse(reader.refusal());
                    return;
                }
                default -> {
                    return; // MORE, PAUSED or DONE
                }
            }
        }
    }

    private void decide() {
        Admission.Refuse framing = reader.framingError();
        if (framing != null) {
            refuse(framing);
            return;
        }
        upgrade = request.websocket();
        protocols = upgrade ? request.protocols() : List.of();
        token = request.token(protocols);
        port = request.port(protocols);
        Admission admission = endpoint.gate().admit(endpoint.microvmId(), token, port, upgrade);
        if (admission == Admission.RESUME) {
            phase = Phase.WAITING;
            endpoint.resume(this::resumed);
        } else {
            admitted(admission);
        }
    }

    private void resumed(boolean running) {
        if (phase != Phase.WAITING) {
            return; // the client left meanwhile
        }
        Admission again = running
                ? endpoint.gate().admit(endpoint.microvmId(), token, port, upgrade)
                : Admission.Refuse.UNREACHABLE;
        admitted(again == Admission.RESUME ? Admission.Refuse.UNREACHABLE : again);
        pump();
    }

    private void admitted(Admission admission) {
        if (admission instanceof Admission.Refuse refusal) {
            refuse(refusal);
            return;
        }
        GuestProcess guest = endpoint.app();
        if (guest == null) {
            refuse(Admission.Refuse.UNREACHABLE);
            return;
        }
        if (admission == Admission.SHELL) {
            handOffShell(guest);
            return;
        }
        int target = ((Admission.Forward) admission).port();
        Upstream u = upstreams.get(target);
        if (u != null && u.reusable()) {
            forward(u);
            return;
        }
        if (u != null) {
            dropUpstream(u);
        }
        connect(guest, target);
    }

    /** Opens a socket inside the MicroVM off the loop: entering its namespace, or a full backlog, blocks. */
    private void connect(GuestProcess guest, int target) {
        phase = Phase.WAITING;
        boolean queued = loop.connect(() -> {
            SocketChannel opened = null;
            Exception failure = null;
            try {
                opened = guest.connect(target);
                opened.configureBlocking(false);
            } catch (IOException | RuntimeException e) {
                failure = e;
                closeQuietly(opened);
                opened = null;
            }
            SocketChannel connected = opened;
            Exception error = failure;
            loop.execute(() -> {
                connected(target, connected, error);
                pump();
            });
        });
        if (!queued) {
            refuse(Admission.Refuse.UNREACHABLE);
        }
    }

    private void connected(int target, @Nullable SocketChannel opened, @Nullable Exception error) {
        if (phase != Phase.WAITING || opened == null) {
            closeQuietly(opened);
            if (phase == Phase.WAITING) {
                LOG.debug("Port {} of {} cannot be reached: {}", target, endpoint.microvmId(), String.valueOf(error));
                refuse(Admission.Refuse.UNREACHABLE);
            }
            return;
        }
        Upstream u = new Upstream(this, target, opened);
        try {
            u.register(loop);
        } catch (IOException e) {
            u.close();
            refuse(Admission.Refuse.UNREACHABLE);
            return;
        }
        if (upstreams.size() >= MAX_UPSTREAMS) {
            upstreams.values().forEach(Upstream::close); // all idle: the exchange under way is this one's
            upstreams.clear();
        }
        upstreams.put(target, u);
        forward(u);
    }

    /** Sends the head on to the app; the body follows as the reader reads it. */
    private void forward(Upstream u) {
        upstream = u;
        if (request.hasToken("Expect", "100-continue")) {
            // Accepted here, as reverse proxies do: the client sends its body at once instead of waiting out
            // its own timeout for an interim answer that many apps never send (curl waits 1 s).
            request.remove("Expect");
            if (!request.http10()) {
                out.put(CONTINUE);
            }
        }
        request.stripProxyHeaders(protocols);
        u.begin(request.method.equals("HEAD"));
        request.write(u.out);
        reader.sendBodyTo(u.out);
        phase = Phase.EXCHANGE;
        since = System.nanoTime();
    }

    private void handOffShell(GuestProcess guest) {
        phase = Phase.CLOSED;
        forget();
        upstreams.values().forEach(Upstream::close);
        upstreams.clear();
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        ByteBuffer received = ByteBuffer.allocate(in.remaining()).put(in).flip();
        String id = endpoint.microvmId();
        loop.afterNextSelect(() -> {
            try {
                channel.configureBlocking(true);
                endpoint.shells().start(request, channel, received, guest, () -> endpoint.gate()
                        .activity(id));
            } catch (IOException | RuntimeException e) {
                LOG.warn("The shell of {} could not start", id, e);
                closeQuietly(channel);
            }
        });
    }

    // --- the answer ----------------------------------------------------------------------------------------

    private void relayAnswer(Upstream u) {
        while (phase == Phase.EXCHANGE && upstream == u) {
            switch (u.relay(out, request.http10())) {
                case STARTED -> responseStarted = true;
                case DONE -> answered(u);
                case UPGRADED -> {
                    if (upgrade) {
                        startTunnel(u);
                    } else {
                        dropUpstream(u); // switched to a protocol nobody asked for
                        closeWhenWritten();
                    }
                }
                case FAILED -> appFailed(u, String.valueOf(u.failure));
                default -> {
                    return; // MORE or PAUSED
                }
            }
        }
    }

    private void answered(Upstream u) {
        boolean appKeeps = reader.done() && u.keepsAlive(request);
        upstream = null;
        if (!appKeeps) {
            dropUpstream(u);
        }
        if (!appKeeps || request.http10()) {
            closeWhenWritten();
            return;
        }
        reader.next();
        responseStarted = false;
        phase = Phase.IDLE;
        since = System.nanoTime();
        if (in.hasRemaining()) {
            phase = Phase.HEAD; // a pipelined request
            readRequest();
        }
    }

    /** The app's answer failed: 502 when nothing of it was sent yet, else the connection ends. */
    private void appFailed(Upstream u, String why) {
        LOG.debug("The app of {} on port {}: {}", endpoint.microvmId(), u.port, why);
        dropUpstream(u);
        if (responseStarted) {
            close();
        } else {
            refuse(Admission.Refuse.UNREACHABLE);
        }
    }

    // --- tunnels -------------------------------------------------------------------------------------------

    private void startTunnel(Upstream u) {
        phase = Phase.TUNNEL;
        upstreams.remove(u.port); // it serves the tunnel alone from now on
        if (u.in.hasRemaining()) {
            out.put(u.in);
        }
        tunnelFromClient();
        if (u.eof) {
            tunnelFromApp(u);
        }
    }

    private void tunnelFromClient() {
        Upstream u = upstream;
        if (u == null || !in.hasRemaining()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastActivity > ACTIVITY_NANOS) {
            lastActivity = now;
            endpoint.gate().activity(endpoint.microvmId());
        }
        u.out.put(in);
    }

    private void tunnelFromApp(Upstream u) {
        if (u.in.hasRemaining()) {
            out.put(u.in);
        }
        if (u.eof) {
            try {
                out.flush();
                channel.shutdownOutput();
            } catch (IOException e) {
                close();
                return;
            }
            if (clientEof) {
                close();
            }
        }
    }

    // --- refusals, writing, closing --------------------------------------------------------------------------

    /** Answers at once, with the connection's end: as the service's proxy answers its refusals. */
    private void refuse(Admission.Refuse refusal) {
        if (phase == Phase.CLOSED || phase == Phase.LINGER) {
            return;
        }
        Upstream u = upstream;
        if (u != null && u.busy) {
            dropUpstream(u); // it holds part of a request
        }
        upstream = null;
        if (responseStarted) {
            close();
            return;
        }
        byte[] body = refusal.text().getBytes(StandardCharsets.UTF_8);
        out.putText("HTTP/1.1 " + refusal.status() + " " + HttpStatus.getMessage(refusal.status())
                + "\r\nContent-Length: " + body.length
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n");
        out.put(body);
        closeWhenWritten();
    }

    /** Ends the connection once what is written has left. */
    private void closeWhenWritten() {
        phase = Phase.LINGER;
        since = System.nanoTime();
        closeWhenWritten = true;
        in.position(in.limit());
    }

    /** Continues what waited for an output to drain. */
    private void resumePaused() {
        Upstream u = upstream;
        if (phase == Phase.EXCHANGE) {
            readRequest();
        }
        if (phase == Phase.EXCHANGE && u != null && upstream == u) {
            relayAnswer(u);
        }
        if (phase == Phase.TUNNEL && u != null) {
            tunnelFromClient();
            tunnelFromApp(u);
        }
    }

    private void pump() {
        if (phase == Phase.EXCHANGE || phase == Phase.HEAD) {
            readRequest();
        }
        afterPass();
    }

    /** Writes what a pass produced and sets what the loop waits for; runs after every event. */
    private void afterPass() {
        Upstream u = upstream;
        if (phase != Phase.CLOSED && u != null && !u.closed) {
            flushUpstream(u);
        }
        if (phase != Phase.CLOSED) {
            flushClient();
        }
        if (phase == Phase.CLOSED) {
            return;
        }
        if (closeWhenWritten && out.pending() == 0) {
            closeWhenWritten = false;
            since = System.nanoTime();
            try {
                channel.shutdownOutput(); // the answer is out; what the client still sends is read and dropped
            } catch (IOException e) {
                close();
                return;
            }
            if (clientEof) {
                close();
                return;
            }
        }
        updateInterest();
    }

    private void updateInterest() {
        Upstream u = upstream;
        boolean readClient =
                switch (phase) {
                    case HEAD, IDLE, WAITING, LINGER -> true;
                    case EXCHANGE -> reader.done() || u == null || !u.out.backedUp();
                    case TUNNEL -> u != null && !u.out.backedUp();
                    case CLOSED -> false;
                };
        int ops = 0;
        if (readClient && !clientEof && in.remaining() < in.capacity()) {
            ops |= SelectionKey.OP_READ;
        }
        if (out.pending() > 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        SelectionKey k = key;
        if (k != null && ops != interest && k.isValid()) {
            k.interestOps(ops);
            interest = ops;
        }
        for (Upstream each : upstreams.values()) {
            if (each != u) {
                each.interest(each.eof ? 0 : SelectionKey.OP_READ); // an idle one: to see the app close it
            }
        }
        if (u != null && !u.closed) {
            int upOps = !u.eof && !out.backedUp() ? SelectionKey.OP_READ : 0;
            u.interest(u.out.pending() > 0 ? upOps | SelectionKey.OP_WRITE : upOps);
        }
    }

    /** @return true when everything for the client was written */
    private boolean flushClient() {
        try {
            return out.flush();
        } catch (IOException e) {
            close(); // the client went away
            return false;
        }
    }

    /** @return true when everything for the app was written */
    private boolean flushUpstream(Upstream u) {
        try {
            return u.out.flush();
        } catch (IOException e) {
            appFailed(u, "its connection failed: " + e.getMessage());
            return false;
        }
    }

    private void dropUpstream(Upstream u) {
        u.close();
        upstreams.remove(u.port, u);
        if (upstream == u) {
            upstream = null;
        }
    }

    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        forget();
        Upstream u = upstream;
        if (u != null) {
            u.close();
        }
        upstreams.values().forEach(Upstream::close);
        upstreams.clear();
        upstream = null;
        out.discard();
        closeQuietly(channel);
    }

    private void forget() {
        loop.removed(this);
        endpoint.removed(this);
    }

    private static void closeQuietly(@Nullable SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
