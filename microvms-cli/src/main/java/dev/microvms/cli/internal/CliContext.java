package dev.microvms.cli.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one run of the CLI shares between its commands: where data and progress go, the environment, and the
 * endpoint last connected to (so that an error can name it).
 */
public final class CliContext {
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputStream rawOut;
    private final OutputStream rawErr;
    private final Map<String, String> env;
    private volatile @Nullable URI endpoint;
    private volatile boolean local;

    /**
     * @param in where interactive input comes from
     * @param out where data goes
     * @param err where progress and errors go
     * @param env the environment variables
     */
    public CliContext(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
        this(in, out, err, new WriterStream(out), new WriterStream(err), env);
    }

    /**
     * @param in where interactive input comes from
     * @param out where data goes, as text
     * @param err where progress and errors go, as text
     * @param rawOut where data goes as bytes, such as a remote command's output
     * @param rawErr where a remote command's stderr goes as bytes
     * @param env the environment variables
     */
    public CliContext(
            InputStream in,
            PrintWriter out,
            PrintWriter err,
            OutputStream rawOut,
            OutputStream rawErr,
            Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.rawOut = rawOut;
        this.rawErr = rawErr;
        this.env = Map.copyOf(env);
    }

    /** @return where interactive input comes from */
    public InputStream in() {
        return in;
    }

    /** @return where data goes */
    public PrintWriter out() {
        return out;
    }

    /** @return where progress and errors go */
    public PrintWriter err() {
        return err;
    }

    /** @return where data goes as bytes; flush {@link #out()} first so that text and bytes stay in order */
    public OutputStream rawOut() {
        out.flush();
        return rawOut;
    }

    /** @return where a remote command's stderr goes as bytes */
    public OutputStream rawErr() {
        err.flush();
        return rawErr;
    }

    /** @return the environment variables */
    public Map<String, String> env() {
        return env;
    }

    /** @return the endpoint in use, or null when the SDK resolves it from the region */
    public @Nullable URI endpoint() {
        return endpoint;
    }

    /** @return whether the endpoint is the local emulator */
    public boolean local() {
        return local;
    }

    /**
     * Remembers the endpoint in use.
     *
     * @param endpoint the endpoint, or null for the region's
     * @param local whether it is the local emulator
     */
    public void connectedTo(@Nullable URI endpoint, boolean local) {
        this.endpoint = endpoint;
        this.local = local;
    }

    /** Bytes written as UTF-8 text, for a context made without byte streams. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writer.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
