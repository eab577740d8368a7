package dev.microvms.emulator.executor;

import org.jspecify.annotations.Nullable;

/**
 * What one MicroVM or one build step may use of this machine. The service gives each MicroVM a kernel
 * and a memory size of its own; here its processes share the host's, so the executor bounds them with a
 * cgroup (memory, processes, CPU), a sized {@code /tmp} and capped logs. The rule, from the image's
 * memory class ({@code resources.minimumMemoryInMiB}: 512, 1024, 2048 by default, 4096 or 8192; 2048 MiB
 * is one vCPU), is in {@code docs/design/isolation.md}:
 *
 * <ul>
 *   <li>memory: 4 times the class, the peak the service lets a guest reach;
 *   <li>CPU: the class's vCPUs (class / 2048), at least one CPU;
 *   <li>processes and threads: 1024 per CPU of that;
 *   <li>{@code /tmp}: the class itself (its pages count as the MicroVM's memory too);
 *   <li>logs: the newest 8 MiB of each of stdout and stderr are kept, 16 MiB at most on disk.
 * </ul>
 *
 * <p>A build step gets the memory and processes of its image's class, and every CPU but one, so a build
 * never starves the emulator that runs it.
 *
 * @param memoryBytes the most memory its processes may use together (page cache and {@code /tmp} count)
 * @param processes the most processes and threads it may have at once
 * @param cpus the CPU time it may use, in CPUs (1.5 is one and a half)
 * @param tmpBytes the size of its private {@code /tmp}
 * @param logBytes how much of the newest output of each stream is kept readable
 */
public record ResourceLimits(long memoryBytes, int processes, double cpus, long tmpBytes, long logBytes) {
    /** The memory class the service uses when an image names none. */
    public static final int DEFAULT_MEMORY_CLASS_MIB = 2048;

    /** The peak the service lets a guest reach, as a multiple of its memory class. */
    public static final int PEAK_MEMORY_FACTOR = 4;

    /** The memory class of one vCPU. */
    public static final int MIB_PER_VCPU = 2048;

    private static final int PROCESSES_PER_CPU = 1024;
    private static final long MIB = 1024L * 1024L;
    private static final long LOG_BYTES = 8 * MIB;

    public ResourceLimits {
        if (memoryBytes <= 0 || processes <= 0 || cpus <= 0 || tmpBytes <= 0 || logBytes <= 0) {
            throw new IllegalArgumentException("every limit must be positive, was memoryBytes=" + memoryBytes
                    + ", processes=" + processes + ", cpus=" + cpus + ", tmpBytes=" + tmpBytes + ", logBytes="
                    + logBytes);
        }
    }

    /**
     * @param minimumMemoryInMiB the image's memory class, or null for the default (2048)
     * @return the limits of a MicroVM of that class
     */
    public static ResourceLimits forMemoryClass(@Nullable Integer minimumMemoryInMiB) {
        int memoryClass = memoryClass(minimumMemoryInMiB);
        double cpus = cpus(memoryClass);
        return new ResourceLimits(
                PEAK_MEMORY_FACTOR * memoryClass * MIB,
                PROCESSES_PER_CPU * (int) Math.ceil(cpus),
                cpus,
                memoryClass * MIB,
                LOG_BYTES);
    }

    /**
     * @param minimumMemoryInMiB the image's memory class, or null for the default (2048)
     * @return the limits of a build step of an image of that class: its memory and processes, and every
     *     CPU of this machine but one (at least the class's)
     */
    public static ResourceLimits forBuildStep(@Nullable Integer minimumMemoryInMiB) {
        ResourceLimits microvm = forMemoryClass(minimumMemoryInMiB);
        double allButOne = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        return new ResourceLimits(
                microvm.memoryBytes(),
                microvm.processes(),
                Math.max(microvm.cpus(), allButOne),
                microvm.tmpBytes(),
                microvm.logBytes());
    }

    /** @return the limits of a MicroVM of the default class, 2048 MiB */
    public static ResourceLimits defaults() {
        return forMemoryClass(DEFAULT_MEMORY_CLASS_MIB);
    }

    /** @return the memory limit in MiB, for messages */
    public long memoryMiB() {
        return memoryBytes / MIB;
    }

    private static int memoryClass(@Nullable Integer minimumMemoryInMiB) {
        int memoryClass = minimumMemoryInMiB == null ? DEFAULT_MEMORY_CLASS_MIB : minimumMemoryInMiB;
        if (memoryClass <= 0) {
            throw new IllegalArgumentException(
                    "minimumMemoryInMiB must be a memory class such as 512, 1024, 2048, 4096 or 8192, was "
                            + memoryClass);
        }
        return memoryClass;
    }

    /** The class's vCPUs, at least one CPU: a quarter of a CPU would make a JVM start in seconds. */
    private static double cpus(int memoryClass) {
        return Math.max(1.0, (double) memoryClass / MIB_PER_VCPU);
    }
}
