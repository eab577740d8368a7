package dev.microvms.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a command inside a MicroVM did: its exit code, and stdout and stderr exactly as it wrote them (empty
 * when they were streamed to an {@link ExecListener}). A process killed by a signal exits with 128 plus the
 * signal's number, as in a shell.
 */
public final class ExecResult {
    private final int exitCode;
    private final byte[] stdout;
    private final byte[] stderr;
    private final Duration elapsed;
    private final SandboxTransport transport;

    /**
     * @param exitCode the exit code
     * @param stdout what it wrote to stdout
     * @param stderr what it wrote to stderr
     * @param elapsed from the request to the exit code
     * @param transport how the command was run
     */
    public ExecResult(int exitCode, byte[] stdout, byte[] stderr, Duration elapsed, SandboxTransport transport) {
        this.exitCode = exitCode;
        this.stdout = stdout.clone();
        this.stderr = stderr.clone();
        this.elapsed = elapsed;
        this.transport = transport;
    }

    /** @return the exit code, 0 for success */
    public int exitCode() {
        return exitCode;
    }

    /** @return whether the exit code is 0 */
    public boolean isSuccess() {
        return exitCode == 0;
    }

    /** @return stdout, byte for byte */
    public byte[] stdout() {
        return stdout.clone();
    }

    /** @return stderr, byte for byte */
    public byte[] stderr() {
        return stderr.clone();
    }

    /** @return stdout as UTF-8 text */
    public String stdoutAsString() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** @return stderr as UTF-8 text */
    public String stderrAsString() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** @return how long it took, from the request to the exit code */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return how it was run: {@link SandboxTransport#SHELL} or {@link SandboxTransport#AGENT} */
    public SandboxTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "ExecResult[exit " + exitCode + ", " + stdout.length + " bytes of stdout, " + stderr.length
                + " bytes of stderr, " + elapsed.toMillis() + "ms over the "
                + transport.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
