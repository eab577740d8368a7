package dev.microvms.emulator.http;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A body sent from part of an open file. The file was opened when the answer was made, so the bytes sent
 * are those of that moment even if the file is replaced meanwhile; the server closes it once sent.
 *
 * @param channel the open file
 * @param offset where the body starts in it
 * @param length how many bytes the body has
 */
public record FileBody(FileChannel channel, long offset, long length) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
