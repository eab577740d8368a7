package dev.microvms.emulator.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the files the emulator already writes (a MicroVM's stdout.log and stderr.log, a version's build.log)
 * into CloudWatch Logs, a line per event, as the service does with a MicroVM's output. The files stay as
 * they are; this follows them as they grow. Lines go out on each {@link #tick()}, and before every read of
 * events ({@link #shipCompleteLines()}), so that a reader sees everything written so far. A line not ended
 * goes out once it has waited a tick, and when the follow is closed.
 *
 * <p>Bounds, against a guest that prints without end: at most 16 MiB behind (more is skipped, and an event
 * says how much), and a line longer than 256 KiB is cut into events of that size.
 */
public final class LogShipper implements AutoCloseable {
    static final int MAX_LINE = 256 * 1024;
    static final long MAX_BACKLOG = 16L << 20;
    private static final int READ_CHUNK = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);

    private final LogsService logs;
    private final Set<Follow> follows = ConcurrentHashMap.newKeySet();

    /** @param logs where lines go */
    public LogShipper(LogsService logs) {
        this.logs = logs;
    }

    /**
     * Starts following files into a log stream; the files may not exist yet.
     *
     * @param region the log group's Region
     * @param group the log group, made when missing
     * @param stream the log stream, made when missing
     * @param files the files, read in this order at each shipment
     * @return the follow; close it when the files are complete
     */
    public Follow follow(String region, String group, String stream, List<Path> files) {
        Follow follow = new Follow(region, group, stream, files);
        follows.add(follow);
        return follow;
    }

    /** Ships what was written since the last time, and lines left unended for a whole tick. */
    public void tick() {
        follows.forEach(f -> f.ship(Flush.STALE));
    }

    /** Ships the complete lines written so far; for reads, which should see them. */
    public void shipCompleteLines() {
        follows.forEach(f -> f.ship(Flush.LINES));
    }

    /** Ships everything left, and stops following. */
    @Override
    public void close() {
        follows.forEach(Follow::close);
    }

    private enum Flush {
        LINES,
        STALE,
        ALL
    }

    /** Files followed into one log stream. */
    public final class Follow implements AutoCloseable {
        private final String region;
        private final String group;
        private final String stream;
        private final List<Tail> tails = new ArrayList<>();

        private Follow(String region, String group, String stream, List<Path> files) {
            this.region = region;
            this.group = group;
            this.stream = stream;
            files.forEach(f -> tails.add(new Tail(f)));
        }

        synchronized void ship(Flush flush) {
            List<String> lines = new ArrayList<>();
            for (Tail tail : tails) {
                try {
                    tail.read(lines, flush);
                } catch (IOException e) {
                    LOG.debug("Cannot read {} for log group {}", tail.file, group, e);
                }
            }
            if (!lines.isEmpty()) {
                logs.ship(region, group, stream, lines);
            }
        }

        /** Ships everything left, the last unended line too, and stops following. */
        @Override
        public synchronized void close() {
            if (follows.remove(this)) {
                ship(Flush.ALL);
            }
        }
    }

    /** One file's place and its unended line. */
    private static final class Tail {
        final Path file;
        long offset;
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        boolean partialWaited;

        Tail(Path file) {
            this.file = file;
        }

        void read(List<String> lines, Flush flush) throws IOException {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = in.size();
                if (size < offset) {
                    offset = 0; // the file was replaced or truncated: read it from its start
                    partial.reset();
                }
                if (size - offset > MAX_BACKLOG) {
                    long skipped = size - offset - READ_CHUNK;
                    lines.add("[lambda-microvms emulator] " + skipped + " bytes of " + file.getFileName()
                            + " came faster than they could be shipped and were skipped");
                    offset += skipped;
                    partial.reset();
                }
                ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
                boolean grew = false;
                while (offset < size) {
                    buffer.clear();
                    int n = in.read(buffer, offset);
                    if (n <= 0) {
                        break;
                    }
                    offset += n;
                    grew = true;
                    split(buffer.array(), n, lines);
                }
                if (grew) {
                    partialWaited = false;
                }
            } catch (NoSuchFileException notYet) {
                // The app has not written yet, or the build has not begun.
            }
            if (partial.size() > 0) {
                if (flush == Flush.ALL || (flush == Flush.STALE && partialWaited)) {
                    emit(lines);
                } else if (flush == Flush.STALE) {
                    partialWaited = true;
                }
            }
        }

        private void split(byte[] bytes, int length, List<String> lines) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    emit(lines);
                } else {
                    partial.write(bytes[i]);
                    if (partial.size() >= MAX_LINE) {
                        emit(lines);
                    }
                }
            }
        }

        private void emit(List<String> lines) {
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            partialWaited = false;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
    }
}
