package dev.microvms.emulator.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * What the proxy has to write to one socket. Everything a pass of the event loop produces for the socket
 * (a head and the body that arrived with it) is gathered here and leaves in one {@code write}; what the
 * socket does not take stays until it is writable again, and {@link #backedUp()} tells the relay to stop
 * reading from the other side meanwhile, so that a slow reader bounds what the proxy holds.
 */
final class Output {
    /** Past this many bytes waiting, the relay stops reading the side that feeds this socket. */
    static final int HIGH_WATER = 64 * 1024;

    private static final int INITIAL = 4096;
    private static final byte[] CRLF = {'\r', '\n'};

    private final SocketChannel channel;
    /** Write mode: bytes {@code [0, position)} wait to be written. */
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL);

    Output(SocketChannel channel) {
        this.channel = channel;
    }

    /** @return how many bytes wait to be written */
    int pending() {
        return buffer.position();
    }

    /** @return true when enough waits that the side feeding this socket should pause */
    boolean backedUp() {
        return buffer.position() >= HIGH_WATER;
    }

    void put(ByteBuffer bytes) {
        room(bytes.remaining());
        buffer.put(bytes);
    }

    void put(byte[] bytes) {
        room(bytes.length);
        buffer.put(bytes);
    }

    /** Appends text as ISO-8859-1, as HTTP heads are: each char below 256 is one byte. */
    void putText(String text) {
        int n = text.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buffer.put((byte) text.charAt(i));
        }
    }

    /** Appends text as UTF-8: ASCII as it is, anything else as the bytes it was read from. */
    void putUtf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                put(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        putText(text);
    }

    void crlf() {
        put(CRLF);
    }

    /** Appends a chunk of a chunked body: its size in hex, the bytes, CRLF. */
    void putChunk(ByteBuffer bytes) {
        int size = bytes.remaining();
        if (size == 0) {
            return; // a zero-size chunk would end the body
        }
        putText(Integer.toHexString(size));
        crlf();
        put(bytes);
        crlf();
    }

    /**
     * Writes what the socket takes now.
     *
     * @return true when nothing is left waiting
     * @throws IOException when the peer has gone
     */
    boolean flush() throws IOException {
        if (buffer.position() == 0) {
            return true;
        }
        buffer.flip();
        try {
            channel.write(buffer);
        } finally {
            buffer.compact();
        }
        if (buffer.position() > 0) {
            return false;
        }
        if (buffer.capacity() > HIGH_WATER) {
            buffer = ByteBuffer.allocate(INITIAL); // a burst is over: an idle connection keeps little
        }
        return true;
    }

    /** Forgets what waits, for a socket that is closed anyway. */
    void discard() {
        buffer.clear();
    }

    private void room(int more) {
        if (buffer.remaining() >= more) {
            return;
        }
        int needed = buffer.position() + more;
        int capacity = buffer.capacity();
        while (capacity < needed) {
            capacity *= 2;
        }
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        buffer.flip();
        larger.put(buffer);
        buffer = larger;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
