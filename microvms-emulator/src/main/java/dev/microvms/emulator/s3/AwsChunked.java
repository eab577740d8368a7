package dev.microvms.emulator.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes, as it arrives, the {@code aws-chunked} body the AWS SDKs and CLI send for streaming uploads:
 * chunks of {@code <hex size>[;chunk-signature=...]\r\n<data>\r\n}, a zero-sized last chunk, then
 * optional trailers (such as {@code x-amz-checksum-crc32}) and an empty line. Chunk signatures are not
 * checked, as the emulator accepts any signature.
 */
final class AwsChunked {
    /** Where decoded bytes go. */
    @FunctionalInterface
    interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    /** A body that does not follow the framing. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super("The aws-chunked body is malformed: " + message);
        }
    }

    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16 << 10;

    private enum State {
        SIZE_LINE,
        DATA,
        DATA_END,
        TRAILERS,
        DONE
    }

    private final Sink sink;
    private final StringBuilder line = new StringBuilder();
    private State state = State.SIZE_LINE;
    private long remaining;
    private int dataEndSeen;
    private int trailerBytes;

    AwsChunked(Sink sink) {
        this.sink = sink;
    }

    /** @return true when the upload uses aws-chunked encoding */
    static boolean isChunked(String contentSha256, String contentEncoding) {
        return contentSha256.startsWith("STREAMING-") || contentEncoding.contains("aws-chunked");
    }

    /** Decodes the next bytes of the body, writing the payload's bytes to the sink. */
    void feed(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            switch (state) {
                case SIZE_LINE:
                    if (readLine(in, MAX_LINE)) {
                        startChunk(line.toString());
                        line.setLength(0);
                    }
                    break;
                case DATA:
                    int n = (int) Math.min(remaining, in.remaining());
                    ByteBuffer slice = in.slice();
                    slice.limit(n);
                    sink.write(slice);
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                    break;
                case DATA_END:
                    byte b = in.get();
                    if (b != (dataEndSeen == 0 ? '\r' : '\n')) {
                        throw new Malformed("a chunk is longer than its size says");
                    }
                    if (++dataEndSeen == 2) {
                        dataEndSeen = 0;
                        state = State.SIZE_LINE;
                    }
                    break;
                case TRAILERS:
                    int before = line.length();
                    boolean ended = readLine(in, MAX_LINE);
                    trailerBytes += line.length() - before;
                    if (trailerBytes > MAX_TRAILERS) {
                        throw new Malformed("its trailers are longer than " + MAX_TRAILERS + " bytes");
                    }
                    if (ended) {
                        state = line.length() == 0 ? State.DONE : State.TRAILERS;
                        line.setLength(0);
                    }
                    break;
                case DONE:
                    if (!Character.isWhitespace(in.get())) {
                        throw new Malformed("bytes follow its last chunk");
                    }
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** Checks that the body ended where the framing says it may. */
    void finish() throws Malformed {
        if (state != State.DONE && state != State.TRAILERS) {
            throw new Malformed("it ends inside a chunk; its last chunk must have size 0");
        }
        if (state == State.TRAILERS && line.length() > 0) {
            throw new Malformed("it ends inside a trailer");
        }
    }

    private void startChunk(String sizeLine) throws Malformed {
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new Malformed("'" + abbreviate(hex) + "' is not a chunk size in hexadecimal");
        }
        if (size < 0) {
            throw new Malformed("a chunk size is negative");
        }
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.DATA;
    }

    /** @return true when a whole line (without its CRLF) is in {@link #line} */
    private boolean readLine(ByteBuffer in, int max) throws Malformed {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return true;
            }
            line.append(c);
            if (line.length() > max) {
                throw new Malformed("a line is longer than " + max + " bytes");
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        String ascii = new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
        return ascii.length() > 40 ? ascii.substring(0, 40) + "..." : ascii;
    }
}
