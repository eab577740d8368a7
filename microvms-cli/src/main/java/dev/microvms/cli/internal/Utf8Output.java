package dev.microvms.cli.internal;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes that arrive in pieces (a log read by offsets, a shell's output), written to a writer as UTF-8 text: a
 * character cut in two by the end of a piece is held back until the rest arrives.
 */
public final class Utf8Output {
    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer held = ByteBuffer.allocate(0);

    /** @param out where the text goes */
    public Utf8Output(PrintWriter out) {
        this.out = out;
    }

    /**
     * Writes a piece and flushes.
     *
     * @param bytes the bytes
     * @param length how many of them
     */
    public synchronized void write(byte[] bytes, int length) {
        ByteBuffer in = ByteBuffer.allocate(held.remaining() + length);
        in.put(held).put(bytes, 0, length).flip();
        CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, chars, false);
        chars.flip();
        out.append(chars);
        out.flush();
        held = in.slice();
    }
}
