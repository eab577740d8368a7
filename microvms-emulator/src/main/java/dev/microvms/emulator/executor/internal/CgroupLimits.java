package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.OutOfResources;
import dev.microvms.emulator.executor.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where this machine lets the emulator bound a guest's memory, processes and CPU: in the cgroup v2
 * hierarchy of the freezer (laptops: pure v2), else in cgroup v1 hierarchies of their own (CI machines
 * with the hybrid layout: v1 {@code memory}, {@code pids} and {@code cpu} beside an empty v2 hierarchy),
 * and for each controller it cannot use, why.
 */
public final class CgroupLimits {
    /** The controllers that bound a guest. */
    enum Controller {
        MEMORY("memory"),
        PIDS("pids"),
        CPU("cpu");

        final String name;

        Controller(String name) {
            this.name = name;
        }
    }

    /**
     * Where one controller is used.
     *
     * @param base this JVM's directory in that hierarchy ({@code .../lambda-microvms/<owner>})
     * @param version v2 (the freezer's hierarchy) or v1 (a hierarchy of the controller's own)
     */
    record Location(Path base, CgroupVersion version) {}

    private static final long CPU_PERIOD_MICROS = 100_000L;

    private final Map<Controller, Location> enforced;
    private final Map<Controller, String> notEnforced;

    CgroupLimits(Map<Controller, Location> enforced, Map<Controller, String> notEnforced) {
        // In the enum's order, for messages.
        this.enforced = ordered(enforced);
        this.notEnforced = ordered(notEnforced);
    }

    private static <V> Map<Controller, V> ordered(Map<Controller, V> map) {
        Map<Controller, V> copy = new EnumMap<>(Controller.class);
        copy.putAll(map);
        return Collections.unmodifiableMap(copy);
    }

    /** @return limits that bound nothing, with the reason for each */
    static CgroupLimits none(String why) {
        Map<Controller, String> reasons = new EnumMap<>(Controller.class);
        for (Controller controller : Controller.values()) {
            reasons.put(controller, why);
        }
        return new CgroupLimits(Map.of(), reasons);
    }

    /**
     * Finds each controller: in the freezer's v2 hierarchy when it offers the controller (enabled for our
     * directories on the way), else in the v1 hierarchy that has it, when this process may write there.
     *
     * @param table the mounts
     * @param v2Base this JVM's directory in the v2 hierarchy, when the freezer is there
     * @param parent the name of the directory every emulator shares in a hierarchy
     * @param ownerName this JVM's directory name
     * @return what was found
     */
    static CgroupLimits detect(MountTable table, @Nullable Path v2Base, String parent, String ownerName) {
        Map<Controller, Location> enforced = new EnumMap<>(Controller.class);
        Map<Controller, String> notEnforced = new EnumMap<>(Controller.class);
        for (Controller controller : Controller.values()) {
            List<String> tried = new ArrayList<>();
            if (v2Base != null) {
                Optional<String> failure = enableV2(v2Base, controller);
                if (failure.isEmpty()) {
                    enforced.put(controller, new Location(v2Base, CgroupVersion.V2));
                    continue;
                }
                tried.add(failure.get());
            }
            Optional<MountTable.Mount> v1 = table.v1(controller.name);
            if (v1.isPresent()) {
                Path base = v1.get().mountPoint().resolve(parent).resolve(ownerName);
                Optional<String> failure = probeV1(base, controller);
                if (failure.isEmpty()) {
                    enforced.put(controller, new Location(base, CgroupVersion.V1));
                    continue;
                }
                tried.add(failure.get());
            } else if (v2Base == null) {
                tried.add("no cgroup hierarchy offers the " + controller.name + " controller");
            }
            notEnforced.put(controller, String.join("; ", tried));
        }
        return new CgroupLimits(enforced, notEnforced);
    }

    /** @return the v1 hierarchies in use, whose owner directories are this JVM's too */
    Set<Path> v1Bases() {
        return enforced.values().stream()
                .filter(l -> l.version() == CgroupVersion.V1)
                .map(Location::base)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Makes the cgroups of one group in the v1 hierarchies and writes every limit, in those and in the
     * group's own (v2) cgroup.
     *
     * @param own the group's cgroup (the freezer's)
     * @param leaf its name, the same in every hierarchy
     * @param limits what to write
     * @return the further cgroups the group's processes must join (v1), made here
     * @throws IOException when a cgroup cannot be made or a limit written; what was made is removed
     */
    List<Path> create(Path own, String leaf, ResourceLimits limits) throws IOException {
        Map<Path, Path> extra = new LinkedHashMap<>();
        try {
            for (var entry : enforced.entrySet()) {
                Location location = entry.getValue();
                Path dir = location.version() == CgroupVersion.V2
                        ? own
                        : location.base().resolve(leaf);
                if (!dir.equals(own) && !extra.containsKey(location.base())) {
                    Files.createDirectories(location.base());
                    Files.createDirectory(dir);
                    extra.put(location.base(), dir);
                }
                write(entry.getKey(), location.version(), dir, limits);
            }
            return List.copyOf(extra.values());
        } catch (IOException | RuntimeException e) {
            for (Path dir : extra.values()) {
                Files.deleteIfExists(dir);
            }
            throw e;
        }
    }

    /**
     * @param own the group's cgroup (the freezer's)
     * @param extra its v1 cgroups, as {@link #create} made them
     * @param limits its limits, for the reason
     * @param subject {@code The MicroVM} or {@code The build step}
     * @return what ran out, when the kernel says it did: an OOM kill, or a fork refused at the limit
     */
    Optional<OutOfResources> exhausted(Path own, List<Path> extra, ResourceLimits limits, String subject) {
        Location memory = enforced.get(Controller.MEMORY);
        if (memory != null) {
            Path dir = dirOf(memory, own, extra);
            long kills = memory.version() == CgroupVersion.V2
                    ? counter(dir.resolve("memory.events"), "oom_kill")
                    : counter(dir.resolve("memory.oom_control"), "oom_kill");
            if (kills > 0) {
                String needed = "its processes needed more than its limit of " + limits.memoryMiB() + " MiB";
                String factor = ResourceLimits.PEAK_MEMORY_FACTOR + " times its memory class";
                String killer = "the kernel's OOM killer ended them";
                return Optional.of(new OutOfResources(
                        OutOfResources.Resource.MEMORY,
                        subject + " ran out of memory: " + needed + " (" + factor + "), and " + killer + ".",
                        lowerFirst(subject) + " ran out of memory (" + needed + ", " + factor + ", and " + killer
                                + ")"));
            }
        }
        Location pids = enforced.get(Controller.PIDS);
        if (pids != null && counter(dirOf(pids, own, extra).resolve("pids.events"), "max") > 0) {
            return Optional.of(new OutOfResources(
                    OutOfResources.Resource.PROCESSES,
                    subject + " reached its limit of " + limits.processes()
                            + " processes and threads (a fork bomb, or a runaway pool of threads), so it was stopped.",
                    lowerFirst(subject) + " reached its limit of " + limits.processes()
                            + " processes and threads (a fork bomb, or a runaway pool of threads)"));
        }
        return Optional.empty();
    }

    private static String lowerFirst(String subject) {
        return subject.isEmpty() ? subject : Character.toLowerCase(subject.charAt(0)) + subject.substring(1);
    }

    /** @return a line for the start-up log and doctor, such as {@code memory, processes and CPU limited ...} */
    String description() {
        List<String> parts = new ArrayList<>();
        if (!enforced.isEmpty()) {
            parts.add(names(enforced.keySet()) + " limited by "
                    + enforced.entrySet().stream()
                            .map(e -> e.getKey().name + " at " + e.getValue().base())
                            .collect(Collectors.joining(", ")));
        }
        if (!notEnforced.isEmpty()) {
            // One reason for all of them (no cgroup delegated to this user) is said once.
            boolean oneReason = new HashSet<>(notEnforced.values()).size() == 1;
            parts.add(names(notEnforced.keySet()) + " NOT limited, because "
                    + (oneReason
                            ? notEnforced.values().iterator().next()
                            : notEnforced.entrySet().stream()
                                    .map(e -> e.getKey().name + ": " + e.getValue())
                                    .collect(Collectors.joining("; "))));
        }
        return String.join("; ", parts);
    }

    /** @return true when every controller is enforced */
    boolean complete() {
        return notEnforced.isEmpty();
    }

    private static String names(Set<Controller> controllers) {
        return controllers.stream()
                .map(c -> c == Controller.PIDS ? "processes" : c == Controller.CPU ? "CPU" : c.name)
                .collect(Collectors.joining(", "));
    }

    private static Path dirOf(Location location, Path own, List<Path> extra) {
        if (location.version() == CgroupVersion.V2) {
            return own;
        }
        return extra.stream()
                .filter(dir -> location.base().equals(dir.getParent()))
                .findFirst()
                .orElse(own);
    }

    private static void write(Controller controller, CgroupVersion version, Path dir, ResourceLimits limits)
            throws IOException {
        switch (controller) {
            case MEMORY -> {
                String bytes = Long.toString(limits.memoryBytes());
                if (version == CgroupVersion.V2) {
                    CgroupVersion.write(dir.resolve("memory.max"), bytes);
                    writeIfPresent(dir.resolve("memory.swap.max"), "0");
                    // The whole MicroVM ends when it runs out, as a guest whose kernel panics would.
                    writeIfPresent(dir.resolve("memory.oom.group"), "1");
                } else {
                    CgroupVersion.write(dir.resolve("memory.limit_in_bytes"), bytes);
                    // Swap counted too, where the kernel accounts it (it must come after the memory limit).
                    writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), bytes);
                }
            }
            case PIDS -> CgroupVersion.write(dir.resolve("pids.max"), Integer.toString(limits.processes()));
            case CPU -> {
                long quota = Math.max(1000L, Math.round(limits.cpus() * CPU_PERIOD_MICROS));
                if (version == CgroupVersion.V2) {
                    CgroupVersion.write(dir.resolve("cpu.max"), quota + " " + CPU_PERIOD_MICROS);
                } else {
                    CgroupVersion.write(dir.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_MICROS));
                    CgroupVersion.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                }
            }
        }
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            CgroupVersion.write(file, value);
        }
    }

    /** A {@code key value} line of an events file; 0 when the file or the key is missing. */
    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Enables a controller for the children of {@code base}: in its parent's and its own subtree_control. */
    private static Optional<String> enableV2(Path base, Controller controller) {
        Path parent = base.getParent();
        try {
            if (parent == null || !offers(parent, controller)) {
                return Optional.of("the cgroup v2 hierarchy does not offer the " + controller.name + " controller at "
                        + parent + " (enable it in its parent's cgroup.subtree_control, or it is in use by cgroup v1)");
            }
            enable(parent, controller);
            enable(base, controller);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot enable the " + controller.name + " controller under " + parent + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static boolean offers(Path dir, Controller controller) throws IOException {
        return List.of(Files.readString(dir.resolve("cgroup.controllers"))
                        .trim()
                        .split("\\s+"))
                .contains(controller.name);
    }

    private static void enable(Path dir, Controller controller) throws IOException {
        String enabled = Files.readString(dir.resolve("cgroup.subtree_control")).trim();
        if (!List.of(enabled.split("\\s+")).contains(controller.name)) {
            CgroupVersion.write(dir.resolve("cgroup.subtree_control"), "+" + controller.name);
        }
    }

    /** Makes the owner directory and a probe cgroup in it, and writes the controller's "no limit" there. */
    private static Optional<String> probeV1(Path base, Controller controller) {
        Path probe = base.resolve("probe-" + controller.name.toLowerCase(Locale.ROOT));
        try {
            Files.createDirectories(base);
            Files.createDirectory(probe);
            try {
                switch (controller) {
                    case MEMORY -> CgroupVersion.write(probe.resolve("memory.limit_in_bytes"), "-1");
                    case PIDS -> CgroupVersion.write(probe.resolve("pids.max"), "max");
                    case CPU -> CgroupVersion.write(probe.resolve("cpu.cfs_quota_us"), "-1");
                }
                return Optional.empty();
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot make a limited cgroup at " + probe + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
