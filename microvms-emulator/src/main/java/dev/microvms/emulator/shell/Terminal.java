package dev.microvms.emulator.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** The far side of a shell session: a process on a terminal, inside a MicroVM. */
interface Terminal extends AutoCloseable {

    /** @return what the process writes to the terminal; ends (or fails) once nothing can write to it any more */
    InputStream output();

    /** @return what the process reads from the terminal, as typed */
    OutputStream input();

    /**
     * Sets the terminal's size; the process gets SIGWINCH.
     *
     * @param columns columns, 1 or more
     * @param rows rows, 1 or more
     * @throws IOException when the terminal is gone
     */
    void resize(int columns, int rows) throws IOException;

    /** @return completes when the process ends, however it ends */
    CompletableFuture<?> exited();

    /** Kills the process and what it started on the terminal, and releases the terminal; safe to repeat. */
    @Override
    void close();
}
