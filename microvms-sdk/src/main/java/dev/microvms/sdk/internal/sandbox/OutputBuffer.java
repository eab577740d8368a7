package dev.microvms.sdk.internal.sandbox;

import dev.microvms.sdk.ExecListener;
import java.io.ByteArrayOutputStream;

/** Keeps a command's stdout and stderr for a buffered exec, up to a limit for each. Thread-safe. */
public final class OutputBuffer implements ExecListener {
    /** A stream went past the limit; the command is stopped. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String stream;

        TooLarge(String stream) {
            super(stream + " went past the limit", null, false, false);
            this.stream = stream;
        }

        /** @return "stdout" or "stderr" */
        public String stream() {
            return stream;
        }
    }

    private final long limit;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** @param limit the most bytes kept of each stream */
    public OutputBuffer(long limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void onStdout(byte[] chunk) {
        add(stdout, chunk, "stdout");
    }

    @Override
    public synchronized void onStderr(byte[] chunk) {
        add(stderr, chunk, "stderr");
    }

    /** @return stdout so far */
    public synchronized byte[] stdout() {
        return stdout.toByteArray();
    }

    /** @return stderr so far */
    public synchronized byte[] stderr() {
        return stderr.toByteArray();
    }

    private void add(ByteArrayOutputStream to, byte[] chunk, String name) {
        long room = limit - to.size();
        if (chunk.length > room) {
            to.write(chunk, 0, (int) Math.max(0, room));
            throw new TooLarge(name);
        }
        to.write(chunk, 0, chunk.length);
    }
}
