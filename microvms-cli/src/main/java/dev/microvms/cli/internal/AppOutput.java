package dev.microvms.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Copies a MicroVM's stdout and stderr from the local emulator to the terminal as the app writes them, on a
 * thread of its own, until the MicroVM terminates and its output is read to the end, or until closed.
 */
public final class AppOutput implements AutoCloseable {
    /** The emulator has no push channel for output, so it is polled, at a pace a person cannot tell apart. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI emulator;
    private final String microvmId;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Thread thread;
    private volatile boolean closing;

    private AppOutput(URI emulator, String microvmId, PrintWriter out, PrintWriter err) {
        this.emulator = emulator;
        this.microvmId = microvmId;
        this.out = out;
        this.err = err;
        this.thread = new Thread(this::copy, "app-output-" + microvmId);
        this.thread.setDaemon(true);
    }

    /**
     * Starts copying.
     *
     * @param emulator the emulator's endpoint
     * @param microvmId the MicroVM
     * @param out where its stdout goes
     * @param err where its stderr goes
     * @return the copier, to close when the output is no longer wanted
     */
    public static AppOutput follow(URI emulator, String microvmId, PrintWriter out, PrintWriter err) {
        AppOutput output = new AppOutput(emulator, microvmId, out, err);
        output.thread.start();
        return output;
    }

    private void copy() {
        long stdout = 0;
        long stderr = 0;
        try {
            while (true) {
                Chunk o = read("stdout", stdout, out);
                Chunk e = read("stderr", stderr, err);
                stdout = o.next;
                stderr = e.next;
                boolean idle = o.empty && e.empty;
                if (idle && (closing || o.terminated)) {
                    return;
                }
                if (idle) {
                    Thread.sleep(POLL.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closing) {
                err.println("The output of " + microvmId + " could no longer be read: " + e.getMessage());
                err.flush();
            }
        }
    }

    private record Chunk(long next, boolean empty, boolean terminated) {}

    private Chunk read(String stream, long offset, PrintWriter to) throws IOException {
        URI uri = emulator.resolve("/_emulator/microvms/" + microvmId + "/logs?stream=" + stream + "&offset=" + offset);
        EmulatorAdmin.Answer answer = EmulatorAdmin.get(uri, Duration.ofSeconds(10));
        if (answer.status() != 200) {
            throw new IOException("the emulator answered " + answer.status() + " for " + uri);
        }
        byte[] body = answer.body();
        if (body.length > 0) {
            to.print(new String(body, StandardCharsets.UTF_8));
            to.flush();
        }
        long next = answer.longHeader("X-Next-Offset").orElse(offset + body.length);
        boolean terminated = answer.header("X-Microvm-State").orElse("").equals("TERMINATED");
        return new Chunk(next, body.length == 0, terminated);
    }

    /**
     * Copies what is left, then stops.
     *
     * @param wait how long to wait for the rest of the output
     * @throws InterruptedException when interrupted while waiting
     */
    public void close(Duration wait) throws InterruptedException {
        closing = true;
        thread.join(wait.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
    }
}
