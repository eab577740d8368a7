package dev.microvms.emulator.shell;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.microvms.emulator.executor.ExecSpec;
import dev.microvms.emulator.executor.GuestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An interactive shell inside a MicroVM on a real pseudo-terminal (pty4j), so that line editing, job
 * control and {@code stty size} behave as on the service. The executor decides how the shell enters the
 * MicroVM ({@link GuestProcess#exec}); this class only puts a PTY under it.
 */
final class PtyTerminal implements Terminal {
    /** bash when the MicroVM has it, else sh; a default PATH because an image may set none. */
    static final List<String> SHELL = List.of(
            "/bin/sh",
            "-c",
            "PATH=\"${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}\"; export PATH;"
                    + " if command -v bash >/dev/null 2>&1; then exec bash -i; fi; exec /bin/sh -i");

    static final Map<String, String> ENVIRONMENT = Map.of("TERM", "xterm-256color");

    private final PtyProcess process;
    private final CompletableFuture<Process> exited;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PtyTerminal(PtyProcess process) {
        this.process = process;
        this.exited = process.onExit();
    }

    /**
     * Starts the shell in the MicroVM's working directory (the image's WORKDIR).
     *
     * @param guest the MicroVM's app
     * @param columns the terminal's first width
     * @param rows the terminal's first height
     * @return the running shell
     * @throws IOException when the MicroVM cannot be entered or the PTY cannot be made
     */
    static PtyTerminal open(GuestProcess guest, int columns, int rows) throws IOException {
        PtyProcess process = guest.exec(
                new ExecSpec(SHELL, ENVIRONMENT, null),
                (command, environment, directory) -> new PtyProcessBuilder(command.toArray(String[]::new))
                        .setEnvironment(environment)
                        .setDirectory(directory.toString())
                        // On a terminal stderr is the terminal too: bash writes its prompt there.
                        .setRedirectErrorStream(true)
                        .setInitialColumns(columns)
                        .setInitialRows(rows)
                        .start());
        return new PtyTerminal(process);
    }

    @Override
    public InputStream output() {
        return process.getInputStream();
    }

    @Override
    public OutputStream input() {
        return process.getOutputStream();
    }

    @Override
    public void resize(int columns, int rows) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the shell has exited");
        }
        process.setWinSize(new WinSize(columns, rows));
    }

    @Override
    public CompletableFuture<?> exited() {
        return exited;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The host process may be nsenter, whose child is the shell: kill the whole tree, not just the top.
        ProcessHandle.of(process.pid()).ifPresent(top -> {
            top.descendants().forEach(ProcessHandle::destroyForcibly);
            top.destroyForcibly();
        });
        // pty4j closes the terminal's descriptors only in destroy(), even after the process has ended.
        process.destroy();
    }
}
