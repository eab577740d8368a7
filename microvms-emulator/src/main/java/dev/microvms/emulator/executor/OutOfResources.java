package dev.microvms.emulator.executor;

/**
 * Why the executor ended a MicroVM or a build step: it ran out of a resource its {@link ResourceLimits}
 * bound, as a guest on the service runs out of its own memory.
 *
 * @param resource what ran out
 * @param reason a sentence for a build step's log or the emulator's, such as {@code The MicroVM ran out of
 *     memory: ...}
 * @param cause the same as a clause, for {@link GuestExit#cause()} and so the MicroVM's stateReason, such as
 *     {@code the MicroVM ran out of memory (its processes needed more than its limit of 2048 MiB ...)}
 */
public record OutOfResources(Resource resource, String reason, String cause) {

    /** The resources whose exhaustion ends a MicroVM. */
    public enum Resource {
        /** The kernel's OOM killer ended a process: together they wanted more than the memory limit. */
        MEMORY,
        /** A fork or a new thread was refused at the process limit (a fork bomb, say). */
        PROCESSES
    }
}
