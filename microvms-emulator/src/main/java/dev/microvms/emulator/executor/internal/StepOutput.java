package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a build step's output into the build log, up to a cap: past it, the step's output is counted
 * and dropped but for its last lines, which are appended at the end with a note. So a RUN step that
 * writes without end fills no disk, and the failure reason still shows how it ended.
 */
final class StepOutput {
    private static final Logger LOG = LoggerFactory.getLogger(StepOutput.class);
    private static final int BUFFER = 64 * 1024;
    private static final int LONGEST_LINE = 4096;

    private final Path log;
    private final long cap;
    private final int lines;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private long written;
    private long dropped;
    private final Thread thread;

    private StepOutput(Path log, long cap, int lines, InputStream in) {
        this.log = log;
        this.cap = cap;
        this.lines = lines;
        this.thread = new Thread(() -> copy(in), "build-step-output");
        thread.setDaemon(true);
    }

    /**
     * @param log the build log, appended to
     * @param cap how many bytes of the step's output to keep in it
     * @param lines how many last lines to keep past the cap
     * @param in the step's output (stdout and stderr merged)
     * @return the running copy
     */
    static StepOutput start(Path log, long cap, int lines, InputStream in) {
        StepOutput output = new StepOutput(log, cap, lines, in);
        output.thread.start();
        return output;
    }

    /**
     * Waits for the copy to end (every process of the step has closed its output), then appends the note
     * and last lines when some output was dropped.
     *
     * @param millis how long to wait at most
     * @throws InterruptedException when interrupted
     */
    void finish(long millis) throws InterruptedException {
        thread.join(millis);
        synchronized (this) {
            if (dropped == 0) {
                return;
            }
            StringBuilder note = new StringBuilder("\n[microvms] the step wrote ")
                    .append(dropped)
                    .append(" bytes more than the ")
                    .append(cap)
                    .append(" kept in this log; its last lines were:\n");
            lastLines.forEach(line -> note.append(line).append('\n'));
            if (partial.length() > 0) {
                note.append(partial).append('\n');
            }
            append(note.toString().getBytes(StandardCharsets.UTF_8), -1);
        }
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[BUFFER];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                accept(buffer, n);
            }
        } catch (IOException e) {
            LOG.debug("The output of a build step stopped: {}", e.toString());
        }
    }

    private synchronized void accept(byte[] buffer, int n) {
        int keep = (int) Math.max(0, Math.min(n, cap - written));
        if (keep > 0) {
            append(buffer, keep);
            written += keep;
        }
        if (keep < n) {
            dropped += n - keep;
            remember(new String(buffer, keep, n - keep, StandardCharsets.UTF_8));
        }
    }

    private void remember(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lastLines.addLast(partial.toString());
                partial.setLength(0);
                if (lastLines.size() > lines) {
                    lastLines.removeFirst();
                }
            } else if (partial.length() < LONGEST_LINE) {
                partial.append(c);
            }
        }
    }

    private void append(byte[] bytes, int length) {
        try (FileChannel out =
                FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length < 0 ? bytes.length : length);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            LOG.warn("Could not write to the build log {}: {}", log, e.getMessage());
        }
    }
}
