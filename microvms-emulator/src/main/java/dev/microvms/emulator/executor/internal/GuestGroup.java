package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.OutOfResources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The processes of one MicroVM or build step, frozen, thawed and killed as one: a cgroup where the
 * kernel offers one, else the process tree seen from its top process.
 */
public interface GuestGroup extends AutoCloseable {

    /**
     * Prefixes a command so that its first process joins the group before it runs anything, which leaves
     * no window in which a child could escape.
     *
     * @param command the argv to run
     * @return the argv to start instead
     */
    List<String> wrap(List<String> command);

    /**
     * Tells the group which process tops it, once started.
     *
     * @param top the process started from {@link #wrap(List)}'s argv
     */
    void started(ProcessHandle top);

    /**
     * Adds a process started later from {@link #wrap(List)}'s argv (an exec into the running guest), so
     * that its tree is frozen, thawed and killed with the group's.
     *
     * @param extra the started process
     */
    void adopt(ProcessHandle extra);

    /**
     * Stops every process of the group, memory kept.
     *
     * @throws IOException when they cannot all be stopped
     */
    void freeze() throws IOException;

    /**
     * Lets every process of the group run again.
     *
     * @throws IOException when they cannot be thawed
     */
    void thaw() throws IOException;

    /** Kills every process of the group, frozen or not, and waits a bounded time until they are gone. */
    void killAll();

    /** @return the host pids of the processes in the group now */
    Set<Long> pids();

    /**
     * @param subject who ran out, for the reason: {@code The MicroVM} or {@code The build step}
     * @return what the group ran out of, once the kernel says it did (an OOM kill, a fork refused at the
     *     process limit); empty while it has not, and where nothing is limited
     */
    default Optional<OutOfResources> exhausted(String subject) {
        return Optional.empty();
    }

    /** @return the cgroup directory, when the group is a cgroup */
    Optional<Path> cgroup();

    /** Kills what is left and removes the cgroup; safe to call more than once. */
    @Override
    void close();

    /**
     * @param pid a process
     * @return whether that process still exists (a zombie counts as gone)
     */
    static boolean exists(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !ProcFs.isZombie(pid);
    }
}
