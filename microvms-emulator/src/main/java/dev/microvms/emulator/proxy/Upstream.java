package dev.microvms.emulator.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * A connection to one port of the app, opened inside the MicroVM for one client connection and reused for
 * its requests to that port while it stays usable. Its answers are parsed strictly: one the proxy cannot
 * frame is a 502.
 */
final class Upstream implements EventLoop.Handler {
    final ClientConnection owner;
    final int port;
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(ClientConnection.READ_BUFFER).flip();
    final Output out;
    private final HttpParser parser;
    private final ResponseHead response = new ResponseHead();
    private final List<HttpField> trailers = new ArrayList<>();

    @Nullable
    SelectionKey key;

    private int interest = -1;

    /** An exchange is under way on it. */
    boolean busy;
    /** The app closed its side. */
    boolean eof;

    boolean closed;
    /** Why the answer could not be relayed. */
    @Nullable
    String failure;

    /** Where the answer goes, while one is relayed. */
    private @Nullable Output client;

    private boolean headParsed;
    private boolean messageDone;
    private boolean untilClose;

    /** What a call to {@link #relay} came to. */
    enum Step {
        /** Everything that arrived is passed on; more must arrive. */
        MORE,
        /** The client reads slowly: relay on once its output drains. */
        PAUSED,
        /** The final answer's head is written: nothing else can be answered now. */
        STARTED,
        /** The answer is complete. */
        DONE,
        /** The app switched protocols (101): what follows is a tunnel. */
        UPGRADED,
        /** The answer cannot be relayed: see {@link #failure}. */
        FAILED
    }

    Upstream(ClientConnection owner, int port, SocketChannel channel) {
        this.owner = owner;
        this.port = port;
        this.channel = channel;
        this.out = new Output(channel);
        this.parser = new HttpParser(new Events(), RequestReader.MAX_HEAD, HttpCompliance.RFC7230);
    }

    /** Registers with the loop, reading: an idle connection's end is seen at once. */
    void register(EventLoop loop) throws IOException {
        key = loop.register(channel, SelectionKey.OP_READ, this);
        interest = SelectionKey.OP_READ;
    }

    /** Prepares for the answer to a request; {@code head} for HEAD, whose answer has no body. */
    void begin(boolean head) {
        parser.reset();
        parser.setHeadResponse(head);
        response.clear();
        trailers.clear();
        busy = true;
        headParsed = false;
        messageDone = false;
        untilClose = false;
        failure = null;
    }

    /** @return true when another request may go over it */
    boolean reusable() {
        return !busy && !eof && !closed && !in.hasRemaining();
    }

    /**
     * Parses what arrived from the app and writes it on: 1xx heads (not to an HTTP/1.0 client), then the
     * answer, its body chunk by chunk as it was chunked, and its trailers.
     *
     * @param to the client's output
     * @param http10 the request was HTTP/1.0
     * @return how far it got
     */
    Step relay(Output to, boolean http10) {
        client = to;
        while (true) {
            if (to.backedUp()) {
                return Step.PAUSED;
            }
            if (eof && !parser.isAtEOF()) {
                parser.atEOF();
            }
            int before = in.remaining();
            boolean event = parser.parseNext(in);
            if (failure != null) {
                return Step.FAILED;
            }
            if (headParsed) {
                headParsed = false;
                untilClose = parser.isState(HttpParser.State.EOF_CONTENT);
                if (!response.informational() || !http10) {
                    response.write(to);
                }
                if (!response.informational()) {
                    return Step.STARTED;
                }
            } else if (messageDone) {
                messageDone = false;
                if (response.informational()) {
                    parser.reset(); // the final answer follows
                    response.clear();
                    continue;
                }
                if (parser.isChunking()) {
                    to.putText("0\r\n");
                    RequestHead.writeFields(trailers, to);
                }
                busy = false;
                return response.status == 101 ? Step.UPGRADED : Step.DONE;
            } else if (!event && in.remaining() == before) {
                if (eof) {
                    failure = "the app closed the connection";
                    return Step.FAILED;
                }
                return Step.MORE;
            }
        }
    }

    /**
     * @param request the request the answer was to
     * @return true when the app keeps the connection for another request after this answer
     */
    boolean keepsAlive(RequestHead request) {
        return !eof
                && !untilClose
                && response.version == HttpVersion.HTTP_1_1
                && !response.hasToken("Connection", "close")
                && !request.hasToken("Connection", "close");
    }

    /**
     * Reads what has arrived.
     *
     * @return false at the end of the stream
     */
    boolean read() throws IOException {
        in.compact();
        int n;
        try {
            n = channel.read(in);
        } finally {
            in.flip();
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        return true;
    }

    /** Sets what the loop waits for, when it changed. */
    void interest(int ops) {
        SelectionKey k = key;
        if (k != null && ops != interest && k.isValid()) {
            k.interestOps(ops);
            interest = ops;
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        busy = false;
        out.discard();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        owner.upstreamReady(this, key);
    }

    @Override
    public void failed(Exception e) {
        owner.failed(e);
    }

    /** The parser's events, kept for the owner, and the body passed on as it is parsed. */
    private final class Events implements HttpParser.ResponseHandler {
        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            response.version = version;
            response.status = status;
            response.reason = reason;
        }

        @Override
        public void parsedHeader(HttpField field) {
            response.fields.add(field);
        }

        @Override
        public boolean headerComplete() {
            headParsed = true;
            return true;
        }

        @Override
        public boolean content(ByteBuffer item) {
            Output to = client;
            if (to == null) {
                item.position(item.limit());
                return false;
            }
            if (parser.isChunking()) {
                to.putChunk(item);
            } else {
                to.put(item);
            }
            return to.backedUp();
        }

        @Override
        public void parsedTrailer(HttpField field) {
            trailers.add(field);
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            messageDone = true;
            return true;
        }

        @Override
        public void earlyEOF() {
            failure = "the app's answer ended early";
        }

        @Override
        public void badMessage(HttpException bad) {
            failure = "the app's answer is not valid HTTP/1.1: " + bad.getReason();
        }
    }
}
