package dev.microvms.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Receives a command's output as it comes, in chunks, on a thread of the SDK's; one chunk at a time, in the
 * order each stream wrote them. A listener that throws stops the command.
 *
 * <pre>{@code
 * ExecResult r = microvm.exec(ExecRequest.shell("make test"), ExecListener.of(System.out, System.err));
 * }</pre>
 */
public interface ExecListener {
    /**
     * Gets a chunk of stdout.
     *
     * @param chunk the bytes
     */
    default void onStdout(byte[] chunk) {}

    /**
     * Gets a chunk of stderr.
     *
     * @param chunk the bytes
     */
    default void onStderr(byte[] chunk) {}

    /**
     * A listener that writes stdout and stderr to streams and flushes them after each chunk.
     *
     * @param stdout where stdout goes
     * @param stderr where stderr goes
     * @return the listener
     */
    static ExecListener of(OutputStream stdout, OutputStream stderr) {
        return new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                write(stdout, chunk);
            }

            @Override
            public void onStderr(byte[] chunk) {
                write(stderr, chunk);
            }

            private void write(OutputStream to, byte[] chunk) {
                try {
                    to.write(chunk);
                    to.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
