package dev.microvms.sdk.internal.sandbox;

import dev.microvms.sdk.ExecListener;
import dev.microvms.sdk.ExecRequest;
import dev.microvms.sdk.FileInfo;
import dev.microvms.sdk.SandboxTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * One way into a MicroVM: runs commands and moves single files. Directory trees, buffering and the
 * public errors' context are built on top of it, the same for every transport. Implementations are
 * thread-safe; each call may use a connection of its own.
 */
public interface Transport extends AutoCloseable {
    /** @return which transport this is */
    SandboxTransport kind();

    /**
     * Runs a command, handing its output to the listener as it comes, and kills it once its timeout has
     * passed.
     *
     * @param request the command
     * @param listener gets stdout and stderr
     * @return the exit code
     * @throws dev.microvms.sdk.ExecException when it could not start, or ran out of time (without a result)
     */
    int exec(ExecRequest request, ExecListener listener);

    /**
     * @param path a path
     * @return what is there, without following a link
     * @throws dev.microvms.sdk.MicrovmFileException NOT_FOUND when nothing is
     */
    FileInfo stat(String path);

    /**
     * @param directory a directory
     * @return its entries, without {@code .} and {@code ..}, in no particular order
     */
    List<FileInfo> list(String directory);

    /**
     * Copies a regular file out.
     *
     * @param path the file
     * @param out where its bytes go; not closed
     */
    void read(String path, OutputStream out);

    /**
     * Writes a file from a stream, replacing what is there only once all of it has arrived.
     *
     * @param path the file; its directory must exist
     * @param in the bytes; read to its end, not closed
     * @param mode the permission bits, such as {@code 0644}
     */
    void write(String path, InputStream in, int mode);

    /** @param path a directory to make, with its parents */
    void createDirectories(String path);

    /**
     * @param path what to delete
     * @param recursive whether a directory goes with everything in it
     */
    void delete(String path, boolean recursive);

    /**
     * @param path a symbolic link
     * @return its target, as written
     */
    String readLink(String path);

    /**
     * @param path where the link goes; a file or link already there is replaced
     * @param target what it points to
     */
    void createLink(String path, String target);

    /** Closes the connections it keeps. */
    @Override
    void close();
}
