package dev.microvms.emulator.shell;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The server's side of one WebSocket (RFC 6455) after the handshake: reads the client's masked frames and
 * joins fragments into messages, answers pings and the closing handshake on its own, and writes unmasked
 * frames. One thread reads; any thread may send.
 */
final class WebSocketConnection {
    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;
    static final int TOO_BIG = 1009;
    /** Not sent: what {@link #closeCode()} says when the connection ended without a close frame. */
    static final int ABNORMAL = 1006;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    /**
     * A whole data message.
     *
     * @param text true for a text message (its payload is valid UTF-8)
     * @param payload the bytes
     */
    record Message(boolean text, byte[] payload) {
        String asText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final int maxMessage;
    private final Object sending = new Object();
    private boolean closeSent;
    private volatile int closeCode = ABNORMAL;
    private volatile String closeReason = "";

    /**
     * @param in the connection's input, positioned after the handshake
     * @param out the connection's output
     * @param maxMessage the largest message accepted, in bytes; larger ones close with 1009
     */
    WebSocketConnection(InputStream in, OutputStream out, int maxMessage) {
        this.in = in;
        this.out = out;
        this.maxMessage = maxMessage;
    }

    /** @return the {@code Sec-WebSocket-Accept} value that answers a client's {@code Sec-WebSocket-Key} */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * Reads the next data message. Pings are answered and pongs skipped on the way; a close frame is
     * answered with the same code, and a broken frame with a close that says why.
     *
     * @return the message, or null once the conversation is over (see {@link #closeCode()})
     * @throws IOException when the connection fails
     */
    @Nullable
    Message read() throws IOException {
        ByteArrayOutputStream message = null;
        boolean text = false;
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = readByte();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            long length = second & 0x7F;
            if ((first & 0x70) != 0) {
                return fail(PROTOCOL_ERROR, "reserved bits set without an extension");
            }
            if ((second & 0x80) == 0) {
                return fail(PROTOCOL_ERROR, "a client frame must be masked");
            }
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
                if (length < 0) {
                    return fail(PROTOCOL_ERROR, "frame length out of range");
                }
            }
            boolean control = (opcode & 0x8) != 0;
            if (control && (!fin || length > 125)) {
                return fail(PROTOCOL_ERROR, "a control frame must be whole and at most 125 bytes");
            }
            long sofar = message == null ? 0 : message.size();
            if (sofar + length > maxMessage) {
                return fail(TOO_BIG, "message larger than " + maxMessage + " bytes");
            }
            byte[] payload = readPayload((int) length);
            switch (opcode) {
                case PING -> pong(payload);
                case PONG -> {
                    // unsolicited or late: nothing to do
                }
                case CLOSE -> {
                    return closed(payload);
                }
                case TEXT, BINARY -> {
                    if (message != null) {
                        return fail(PROTOCOL_ERROR, "a new message began inside a fragmented one");
                    }
                    message = new ByteArrayOutputStream();
                    message.writeBytes(payload);
                    text = opcode == TEXT;
                }
                case CONTINUATION -> {
                    if (message == null) {
                        return fail(PROTOCOL_ERROR, "a continuation frame without a message to continue");
                    }
                    message.writeBytes(payload);
                }
                default -> {
                    return fail(PROTOCOL_ERROR, "unknown opcode " + opcode);
                }
            }
            if (fin && !control && message != null) {
                byte[] whole = message.toByteArray();
                if (text && !utf8(whole)) {
                    return fail(INVALID_DATA, "a text message that is not UTF-8");
                }
                return new Message(text, whole);
            }
        }
    }

    /** @return the close code received (or sent on a protocol error), 1006 while none was */
    int closeCode() {
        return closeCode;
    }

    /** @return the close reason received, empty while none was */
    String closeReason() {
        return closeReason;
    }

    /** @return true once a close frame was sent: nothing more can be */
    boolean closeSent() {
        synchronized (sending) {
            return closeSent;
        }
    }

    void sendText(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        send(TEXT, bytes, 0, bytes.length);
    }

    void sendBinary(byte[] bytes, int offset, int length) throws IOException {
        send(BINARY, bytes, offset, length);
    }

    /**
     * Sends a close frame, once; later calls do nothing.
     *
     * @param code the status code
     * @param reason the reason, cut to fit a control frame
     * @throws IOException when the connection fails
     */
    void close(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        synchronized (sending) {
            if (closeSent) {
                return;
            }
            write(CLOSE, payload, 0, payload.length);
            closeSent = true;
        }
    }

    /** A ping that crosses our close frame gets no answer: nothing may follow a close. */
    private void pong(byte[] payload) throws IOException {
        synchronized (sending) {
            if (!closeSent) {
                write(PONG, payload, 0, payload.length);
            }
        }
    }

    private void send(int opcode, byte[] bytes, int offset, int length) throws IOException {
        synchronized (sending) {
            if (closeSent) {
                throw new IOException("the WebSocket is closing: nothing can be sent after the close frame");
            }
            write(opcode, bytes, offset, length);
        }
    }

    private void write(int opcode, byte[] bytes, int offset, int length) throws IOException {
        out.write(0x80 | opcode);
        if (length < 126) {
            out.write(length);
        } else if (length <= 0xFFFF) {
            out.write(126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
        out.write(bytes, offset, length);
        out.flush();
    }

    /** Answers the client's close with the same code, as RFC 6455 section 5.5.1 asks. */
    private @Nullable Message closed(byte[] payload) throws IOException {
        if (payload.length == 1) {
            return fail(PROTOCOL_ERROR, "a close frame with a one-byte body");
        }
        int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : NORMAL;
        byte[] reason = Arrays.copyOfRange(payload, Math.min(2, payload.length), payload.length);
        closeCode = code;
        closeReason = new String(reason, StandardCharsets.UTF_8);
        close(payload.length >= 2 && validCode(code) ? code : NORMAL, "");
        return null;
    }

    private static boolean validCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private @Nullable Message fail(int code, String why) throws IOException {
        closeCode = code;
        closeReason = why;
        close(code, why);
        return null;
    }

    private byte[] readPayload(int length) throws IOException {
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes(length);
        if (mask.length < 4 || payload.length < length) {
            throw new EOFException("the connection closed inside a WebSocket frame");
        }
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the connection closed inside a WebSocket frame header");
        }
        return b;
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
