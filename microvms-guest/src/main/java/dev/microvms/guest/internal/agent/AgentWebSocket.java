package dev.microvms.guest.internal.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The server side of a WebSocket (RFC 6455, no extensions) after the handshake: it reads the client's
 * masked frames, answers pings and the close, and writes unmasked frames; writes are serialized, so that
 * several threads may send. A frame larger than the limit ends the connection (1009).
 */
final class AgentWebSocket {
    static final int NORMAL = 1000;
    static final int TOO_BIG = 1009;
    static final int ERROR = 1011;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int MAX_TEXT = 1024 * 1024;

    private final DataInputStream in;
    private final OutputStream out;
    private boolean closeSent;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private boolean inText;

    /** A message or a piece of one: binary data as it comes, text whole. */
    record Message(boolean text, byte[] payload) {
        String asText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    AgentWebSocket(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** @return the handshake's error, or null when the request may be upgraded */
    static @Nullable String handshakeError(AgentHttp request) {
        if (!request.method.equals("GET")) {
            return "A WebSocket handshake is a GET";
        }
        String key = request.header("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return "A WebSocket handshake needs Sec-WebSocket-Key";
        }
        if (!"13".equals(request.header("Sec-WebSocket-Version"))) {
            return "Only WebSocket version 13 is spoken here";
        }
        return null;
    }

    /** Answers the handshake with 101. */
    static void accept(AgentHttp request, OutputStream out) throws IOException {
        String key = String.valueOf(request.header("Sec-WebSocket-Key")).trim();
        String accept;
        try {
            accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * @return the next binary piece or whole text message; null once the client closed
     * @throws IOException when the connection breaks or the client breaks the protocol
     */
    @Nullable
    Message read() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((b1 & 0x80) == 0) {
                throw new IOException("a client frame without a mask");
            }
            if (length > MAX_FRAME || length < 0) {
                close(TOO_BIG, "frame too large");
                throw new IOException("a frame of " + length + " bytes");
            }
            byte[] mask = new byte[4];
            in.readFully(mask);
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            switch (opcode) {
                case 0x8 -> {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : NORMAL;
                    close(code == 1005 || code == 1006 ? NORMAL : code, "");
                    return null;
                }
                case 0x9 -> send(0xA, payload);
                case 0xA -> {
                    // a pong: nothing to do
                }
                case 0x1 -> {
                    inText = !fin;
                    if (fin) {
                        return new Message(true, payload);
                    }
                    text.reset();
                    text.write(payload);
                }
                case 0x2 -> {
                    return new Message(false, payload);
                }
                case 0x0 -> {
                    if (!inText) {
                        return new Message(false, payload);
                    }
                    if (text.size() + payload.length > MAX_TEXT) {
                        close(TOO_BIG, "text message too large");
                        throw new IOException("a text message over " + MAX_TEXT + " bytes");
                    }
                    text.write(payload);
                    if (fin) {
                        inText = false;
                        return new Message(true, text.toByteArray());
                    }
                }
                default -> throw new EOFException("an unknown frame opcode " + opcode);
            }
        }
    }

    synchronized void sendText(String message) throws IOException {
        send(0x1, message.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void sendBinary(byte[] payload, int offset, int length) throws IOException {
        header(0x2, length);
        out.write(payload, offset, length);
        out.flush();
    }

    /** Sends a close frame, once; the connection ends when the client answers or goes away. */
    synchronized void close(int code, String reason) throws IOException {
        if (closeSent) {
            return;
        }
        closeSent = true;
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(why.length, 120)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(why, 0, payload, 2, payload.length - 2);
        send(0x8, payload);
    }

    synchronized boolean closeSent() {
        return closeSent;
    }

    private synchronized void send(int opcode, byte[] payload) throws IOException {
        header(opcode, payload.length);
        out.write(payload);
        out.flush();
    }

    private void header(int opcode, int length) throws IOException {
        out.write(0x80 | opcode);
        if (length < 126) {
            out.write(length);
        } else if (length < 65_536) {
            out.write(126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
    }
}
