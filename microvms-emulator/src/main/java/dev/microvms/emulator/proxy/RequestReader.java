package dev.microvms.emulator.proxy;

import static org.eclipse.jetty.http.HttpCompliance.Violation.MULTIPLE_CONTENT_LENGTHS;
import static org.eclipse.jetty.http.HttpCompliance.Violation.TRANSFER_ENCODING_WITH_CONTENT_LENGTH;

import dev.microvms.emulator.core.Admission;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * Reads a client's requests with Jetty's {@code HttpParser}, strictly: RFC 7230 (no folded lines, no white
 * space before a colon, one Host), a head of at most 64 KiB and {@value #MAX_FIELDS} fields, and only
 * bodies framed one way. The head is kept for the proxy to edit; the body is passed on to the app's
 * connection as it is parsed, chunks as chunks (their extensions dropped), trailers included.
 */
final class RequestReader {
    /** The largest request or answer head: its start line and fields. */
    static final int MAX_HEAD = 64 * 1024;
    /** The most fields in a request head. */
    static final int MAX_FIELDS = 500;

    /** Transfer codings an app may be sent; anything else is answered 501. */
    private static final Set<String> CODINGS = Set.of("chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress");
    /**
     * RFC 7230 throughout, except that Content-Length with Transfer-Encoding, and repeated equal
     * Content-Lengths, reach {@link #framingError()}, which refuses them with the reason (and answers 501
     * rather than 400 when the transfer coding is unknown, whatever else the head says).
     */
    private static final HttpCompliance COMPLIANCE = HttpCompliance.RFC7230.with(
            "lambda-microvms-proxy", TRANSFER_ENCODING_WITH_CONTENT_LENGTH, MULTIPLE_CONTENT_LENGTHS);

    /** What a call to {@link #read} came to. */
    enum Step {
        /** Everything there was is read; more must arrive. */
        MORE,
        /** The head is complete: decide, then {@link #sendBodyTo} and read on. */
        HEAD,
        /** The app's connection is backed up: read on once it drains. */
        PAUSED,
        /** The request is complete. */
        DONE,
        /** The request cannot be read: answer {@link #refusal()}. */
        INVALID
    }

    final RequestHead head = new RequestHead();
    private final HttpParser parser = new HttpParser(new Events(), MAX_HEAD, COMPLIANCE);
    private final List<HttpField> trailers = new ArrayList<>();
    private @Nullable Output body;
    private boolean chunked;
    private boolean headParsed;
    private boolean done;
    private @Nullable HttpException bad;
    private boolean endedEarly;
    private int contentLengths;
    private int transferEncodings;
    private @Nullable String unknownCoding;

    /**
     * Parses what {@code in} holds.
     *
     * @param in the client's bytes; what is parsed is consumed
     * @return how far it got
     */
    Step read(ByteBuffer in) {
        while (!done) {
            if (body != null && body.backedUp()) {
                return Step.PAUSED;
            }
            int before = in.remaining();
            boolean event = parser.parseNext(in);
            if (bad != null || endedEarly) {
                return Step.INVALID;
            }
            if (headParsed) {
                headParsed = false;
                return Step.HEAD;
            }
            if (!event && in.remaining() == before) {
                return Step.MORE;
            }
        }
        return Step.DONE;
    }

    /** @return true once some of a request was read */
    boolean started() {
        return !parser.isStart();
    }

    /** @return true when the request is read to its end */
    boolean done() {
        return done;
    }

    /** The head went on to the app: the body follows it there. */
    void sendBodyTo(Output app) {
        body = app;
        chunked = parser.isChunking();
    }

    /** Prepares for the next request on the connection. */
    void next() {
        parser.reset();
        done = false;
        body = null;
    }

    /** @return why the head cannot be framed unambiguously or is not HTTP/1.x, or null when it can */
    Admission.@Nullable Refuse framingError() {
        if (head.version != HttpVersion.HTTP_1_1 && head.version != HttpVersion.HTTP_1_0) {
            return new Admission.Refuse(505, "Only HTTP/1.0 and HTTP/1.1 are served here");
        }
        if (unknownCoding != null) {
            return new Admission.Refuse(
                    501,
                    "Transfer-Encoding '" + unknownCoding
                            + "' is not supported: send the body with Content-Length or Transfer-Encoding: chunked");
        }
        if (transferEncodings > 0 && contentLengths > 0) {
            return new Admission.Refuse(
                    400, "A request may not have both Content-Length and Transfer-Encoding: send one of them");
        }
        if (contentLengths > 1) {
            return new Admission.Refuse(400, "A request may have one Content-Length, not " + contentLengths);
        }
        return null;
    }

    /** @return the answer to a request {@link Step#INVALID} */
    Admission.Refuse refusal() {
        HttpException failure = bad;
        if (failure == null) {
            // Its head went on, then its body could not be framed.
            return new Admission.Refuse(400, "The request's body is not valid HTTP/1.1 framing (a bad chunk size?)");
        }
        if (unknownCoding != null) {
            Admission.Refuse coding = framingError();
            if (coding != null) {
                return coding;
            }
        }
        int status = failure.getCode() >= 400 && failure.getCode() < 600 ? failure.getCode() : 400;
        return new Admission.Refuse(
                status,
                switch (status) {
                    case 431 ->
                        "The request's head is larger than " + MAX_HEAD / 1024 + " KiB or has more than " + MAX_FIELDS
                                + " fields";
                    case 414 -> "The request's target is longer than " + MAX_HEAD / 1024 + " KiB";
                    case 505 -> "Only HTTP/1.0 and HTTP/1.1 are served here";
                    default -> "The request is not valid HTTP/1.1: " + failure.getReason();
                });
    }

    /** The parser's events: the head kept, the body passed on as it is parsed. */
    private final class Events implements HttpParser.RequestHandler {
        @Override
        public void messageBegin() {
            head.clear();
            trailers.clear();
            body = null;
            chunked = false;
            headParsed = false;
            done = false;
            bad = null;
            endedEarly = false;
            contentLengths = 0;
            transferEncodings = 0;
            unknownCoding = null;
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            head.method = method;
            head.uri = uri;
            head.version = version;
        }

        @Override
        public void parsedHeader(HttpField field) {
            if (head.fields.size() >= MAX_FIELDS) {
                throw new BadMessageException(431, "more than " + MAX_FIELDS + " fields");
            }
            head.fields.add(field);
            if (field.is("Content-Length")) {
                contentLengths++;
            } else if (field.is("Transfer-Encoding")) {
                transferEncodings++;
                for (String coding : field.getValue().split(",")) {
                    String name = coding.trim().toLowerCase(Locale.ROOT);
                    int parameters = name.indexOf(';');
                    if (parameters >= 0) {
                        name = name.substring(0, parameters).trim();
                    }
                    if (!CODINGS.contains(name) && unknownCoding == null) {
                        unknownCoding = coding.trim();
                    }
                }
            }
        }

        @Override
        public boolean headerComplete() {
            headParsed = true;
            return true;
        }

        @Override
        public boolean content(ByteBuffer item) {
            Output app = body;
            if (app == null) {
                item.position(item.limit());
                return false;
            }
            if (chunked) {
                app.putChunk(item);
            } else {
                app.put(item);
            }
            return app.backedUp();
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
            done = true;
            Output app = body;
            if (chunked && app != null) {
                app.putText("0\r\n");
                RequestHead.writeFields(trailers, app);
            }
            return true;
        }

        @Override
        public void earlyEOF() {
            endedEarly = true; // a body the parser could not frame, after its head was read
        }

        @Override
        public void badMessage(HttpException failure) {
            bad = failure;
        }
    }
}
