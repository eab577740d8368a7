package dev.microvms.emulator.executor;

/**
 * Why the executor ended a MicroVM or a build step: it ran out of a resource its {@link ResourceLimits}
 * bound, as a guest on the service runs out of its own memory.
 *
 * @param resource what ran out
 * @param reason a sentence for the MicroVM's stateReason or the build's log, such as {@code The MicroVM
 *     ran out of memory: ...}
 */
public record OutOfResources(Resource resource, String reason) {

    /** The resources whose exhaustion ends a MicroVM. */
    public enum Resource {
        /** The kernel's OOM killer ended a process: together they wanted more than the memory limit. */
        MEMORY,
        /** A fork or a new thread was refused at the process limit (a fork bomb, say). */
        PROCESSES
    }
}
