package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/** The last lines a step wrote to its log, for the build's failure reason. */
public final class LogTail {
    /** Enough bytes for twenty long lines; a longer tail is cut at a line start. */
    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {}

    /**
     * @param log the log file
     * @param from where this step's output starts in it (the log may hold earlier steps)
     * @param lines how many lines to keep
     * @return the last lines, joined by newlines, without a trailing one
     * @throws IOException when the log cannot be read
     */
    public static String read(Path log, long from, int lines) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = Math.max(from, size - MAX_BYTES);
            if (start >= size) {
                return "";
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) (size - start));
            while (bytes.hasRemaining() && channel.read(bytes, start + bytes.position()) >= 0) {
                // Reads until the buffer is full or the file ends.
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            List<String> all = Arrays.asList(text.split("\r?\n", -1));
            int first = start > from ? 1 : 0; // the first line was cut
            int last = all.size();
            if (last > first && all.get(last - 1).isEmpty()) {
                last--;
            }
            return String.join("\n", all.subList(Math.max(first, last - lines), last));
        }
    }
}
