package dev.microvms.emulator.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * A hook's HTTP answer, read with Jetty's parser as its bytes arrive: the status and the start of the
 * body (whatever its framing), so that a failed hook's own words reach the stateReason, and the call ends
 * as soon as the answer is whole even where the app keeps the connection open.
 */
final class HookAnswer implements HttpParser.ResponseHandler {
    /** The start of the body that is kept: a hook's answer is a status and a line or two of text. */
    static final int MAX_BODY = 4096;
    /** Past this many bytes the rest of an answer is not read. */
    static final int MAX_READ = 1 << 20;

    private final HttpParser parser = new HttpParser(this, 16 * 1024);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;
    private long read;
    private boolean complete;
    private @Nullable String bad;

    /**
     * @param bytes the next bytes of the answer
     * @return the answer once it is whole (or once enough of it was read), else null
     * @throws IOException when what arrived is not an HTTP answer
     */
    HookClient.@Nullable Answered feed(ByteBuffer bytes) throws IOException {
        read += bytes.remaining();
        while (bytes.hasRemaining() && !complete && bad == null) {
            int before = bytes.remaining();
            parser.parseNext(bytes);
            if (bytes.remaining() == before) {
                break;
            }
        }
        check();
        return complete || (read >= MAX_READ && status >= 0) ? answered() : null;
    }

    /**
     * @return the answer as far as it came, now that the connection has ended
     * @throws IOException when no HTTP status arrived
     */
    HookClient.Answered ended() throws IOException {
        if (!complete) {
            parser.atEOF();
            parser.parseNext(ByteBuffer.allocate(0));
        }
        check();
        if (status < 0) {
            throw new IOException("the hook closed the connection without an HTTP answer");
        }
        return answered();
    }

    private void check() throws IOException {
        if (bad != null) {
            throw new IOException("the hook's answer is not HTTP: " + bad);
        }
    }

    private HookClient.Answered answered() {
        return new HookClient.Answered(status, body.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
        this.status = status;
    }

    @Override
    public void parsedHeader(HttpField field) {}

    @Override
    public boolean headerComplete() {
        return false;
    }

    @Override
    public boolean content(ByteBuffer item) {
        int keep = Math.min(item.remaining(), MAX_BODY - body.size());
        if (keep > 0) {
            byte[] bytes = new byte[keep];
            item.get(bytes);
            body.write(bytes, 0, keep);
        }
        item.position(item.limit());
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        complete = true;
        return true;
    }

    @Override
    public void earlyEOF() {
        // What arrived is what there is: a status and the start of a body are enough for a reason.
    }

    @Override
    public void badMessage(HttpException failure) {
        bad = failure.getReason() == null ? "status " + failure.getCode() : failure.getReason();
    }
}
