package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.ResourceLimits;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link GuestGroup} of each MicroVM with the best control this machine offers: the cgroup v2
 * freezer, else the cgroup v1 freezer, else signals to the process tree.
 *
 * <p>Every emulator on a host shares the hierarchy's {@code lambda-microvms} parent, so each JVM keeps its
 * cgroups in a directory of its own under it, named after itself ({@link CgroupOwner}: PID namespace, pid
 * and start time), and gives each group a name no other group of the JVM has ({@code <name>.<n>}). Two
 * emulators building the same image at once therefore never meet. A JVM killed with SIGKILL leaves its
 * directory behind; the next JVM that detects the groups removes the empty cgroups of owners that are
 * gone, and leaves any that still hold processes.
 */
public final class GuestGroups {
    private static final Logger LOG = LoggerFactory.getLogger(GuestGroups.class);
    private static final String PARENT = "lambda-microvms";
    private static final AtomicLong PROBES = new AtomicLong();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** The owner directories this JVM made, removed at its exit when empty. */
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

    private static final class Detected {
        static final GuestGroups INSTANCE = detect(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
    }

    /** This JVM's directory: {@code <hierarchy>/lambda-microvms/<owner>}. */
    private final @Nullable Path base;

    private final @Nullable CgroupVersion version;
    private final CgroupLimits limits;

    private GuestGroups(@Nullable Path base, @Nullable CgroupVersion version, CgroupLimits limits) {
        this.base = base;
        this.version = version;
        this.limits = limits;
    }

    /** @return the control detected once for this JVM (the choice is logged) */
    public static GuestGroups detected() {
        return Detected.INSTANCE;
    }

    /** @return groups that use only signals, whatever the machine offers */
    public static GuestGroups signals() {
        return new GuestGroups(null, null, CgroupLimits.none("processes are grouped by signals here, not by a cgroup"));
    }

    /**
     * Finds a writable freezer: the cgroup v2 hierarchy (at its mount root, then under this process's own
     * cgroup, which is where a delegated non-root user may write), then the v1 freezer.
     *
     * @param mountinfo usually {@code /proc/self/mountinfo}
     * @param ownCgroup usually {@code /proc/self/cgroup}
     * @return the groups to use
     */
    public static GuestGroups detect(Path mountinfo, Path ownCgroup) {
        List<String> tried = new ArrayList<>();
        Optional<CgroupOwner> owner = CgroupOwner.current();
        String ownerName = owner.map(CgroupOwner::name)
                .orElse("pid-" + ProcessHandle.current().pid());
        try {
            MountTable table = MountTable.parse(Files.readAllLines(mountinfo));
            List<Path> v2 = new ArrayList<>();
            table.cgroup2().ifPresent(mount -> {
                v2.add(mount.mountPoint().resolve(PARENT));
                ownV2Cgroup(ownCgroup, mount).ifPresent(own -> v2.add(own.resolve(PARENT)));
            });
            for (Path parent : v2) {
                Optional<String> failure = probe(parent.resolve(ownerName), CgroupVersion.V2);
                if (failure.isEmpty()) {
                    return chosen(table, parent, ownerName, owner, CgroupVersion.V2);
                }
                tried.add(failure.get());
            }
            Optional<MountTable.Mount> v1 = table.freezerV1();
            if (v1.isPresent()) {
                Path parent = v1.get().mountPoint().resolve(PARENT);
                Optional<String> failure = probe(parent.resolve(ownerName), CgroupVersion.V1);
                if (failure.isEmpty()) {
                    return chosen(table, parent, ownerName, owner, CgroupVersion.V1);
                }
                tried.add(failure.get());
            }
            if (v2.isEmpty() && v1.isEmpty()) {
                tried.add("no cgroup v2 hierarchy and no cgroup v1 freezer is mounted");
            }
        } catch (IOException | RuntimeException e) {
            tried.add("could not read " + mountinfo + ": " + e.getMessage());
        }
        String why = String.join("; ", tried);
        LOG.warn(
                "MicroVM processes are frozen with SIGSTOP/SIGCONT of their process tree, and their memory, processes"
                        + " and CPU are NOT limited, because no cgroup freezer is usable ({}); run as root or with a"
                        + " delegated cgroup v2 subtree to use the freezer and the limits",
                why);
        return new GuestGroups(
                null,
                null,
                CgroupLimits.none("no cgroup is delegated to this user (" + why + "); run the emulator as root, or"
                        + " give this user a cgroup v2 subtree of its own (systemd's Delegate=yes)"));
    }

    /**
     * @return a name for messages, such as {@code cgroup v2 freezer at
     *     /sys/fs/cgroup/unified/lambda-microvms/4026531836-4711-98765}
     */
    public String description() {
        if (base == null || version == null) {
            return "SIGSTOP/SIGCONT of the process tree";
        }
        return version.description() + " at " + base;
    }

    /**
     * @return which of memory, processes and CPU are limited and where, and which are not and why, such
     *     as {@code memory, processes, CPU limited by memory at /sys/fs/cgroup/memory/lambda-microvms/...}
     */
    public String limits() {
        return limits.description();
    }

    /** @return true when memory, processes and CPU are all limited */
    public boolean limitsComplete() {
        return limits.complete();
    }

    /**
     * Makes the group of one MicroVM or build step, with no limits.
     *
     * @see #create(String, ResourceLimits)
     */
    public GuestGroup create(String name) throws IOException {
        return create(name, null);
    }

    /**
     * Makes the group of one MicroVM or build step, in a new cgroup of this JVM's directory (and one in
     * each cgroup v1 hierarchy that limits it): two groups of the same name (two emulators building one
     * image) get two cgroups.
     *
     * @param name the MicroVM's id or a step's name, the start of the cgroup's name
     * @param resources what its processes may use together, or null for no limits
     * @return the empty group
     * @throws IOException when a cgroup cannot be made or a limit written
     */
    public GuestGroup create(String name, @Nullable ResourceLimits resources) throws IOException {
        if (base == null || version == null) {
            return new SignalGroup();
        }
        Files.createDirectories(base);
        while (true) {
            String leaf = sanitize(name) + "." + SEQUENCE.incrementAndGet();
            Path dir = base.resolve(leaf);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                continue; // left by someone else by hand: the next number is free
            }
            if (resources == null) {
                return new CgroupGroup(dir, version, List.of(), null);
            }
            try {
                List<Path> extra = limits.create(dir, leaf, resources);
                return new CgroupGroup(dir, version, extra, new CgroupGroup.Limited(limits, resources));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(dir);
                throw e;
            }
        }
    }

    /** Removes this JVM's owner directories that are empty; for its exit, after its guests are killed. */
    static void removeOwnDirectories() {
        for (Path dir : OWN) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException | RuntimeException e) {
                // Still holds a cgroup (a step that ends with the JVM): the next JVM's sweep removes it.
            }
        }
    }

    static String sanitize(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "_" + safe;
        }
        return safe.length() > 120 ? safe.substring(0, 120) : safe;
    }

    private static GuestGroups chosen(
            MountTable table, Path parent, String ownerName, Optional<CgroupOwner> owner, CgroupVersion version) {
        Path base = parent.resolve(ownerName);
        CgroupLimits limits = CgroupLimits.detect(table, version == CgroupVersion.V2 ? base : null, PARENT, ownerName);
        GuestGroups groups = new GuestGroups(base, version, limits);
        List<Path> bases = new ArrayList<>(List.of(base));
        bases.addAll(limits.v1Bases());
        for (Path own : bases) {
            OWN.add(own);
            Path shared = own.getParent();
            if (shared != null) {
                owner.ifPresent(self -> sweep(shared, self));
            }
        }
        LOG.info("MicroVM processes are frozen, thawed and killed with the {}", groups.description());
        if (limits.complete()) {
            LOG.info("MicroVMs and build steps are bounded: {}", limits.description());
        } else {
            LOG.warn("MicroVMs and build steps are not fully bounded: {}", limits.description());
        }
        return groups;
    }

    /**
     * Removes the empty cgroups, and then the directories, of owners that are gone. A cgroup that still
     * holds processes cannot be removed (rmdir fails with EBUSY) and is left, with a warning.
     */
    static void sweep(Path parent, CgroupOwner self) {
        List<Path> gone;
        try (Stream<Path> children = Files.list(parent)) {
            gone = children.filter(Files::isDirectory)
                    .filter(dir -> CgroupOwner.parse(dir.getFileName().toString())
                            .map(owner -> owner.isGoneSeenFrom(self))
                            .orElse(false))
                    .toList();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not list {} for cgroups left behind", parent, e);
            return;
        }
        int removed = 0;
        List<Path> busy = new ArrayList<>();
        for (Path owner : gone) {
            try (Stream<Path> children = Files.list(owner)) {
                for (Path cgroup : children.filter(Files::isDirectory).toList()) {
                    if (rmdir(cgroup)) {
                        removed++;
                    } else {
                        busy.add(cgroup);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not list {}", owner, e);
            }
            rmdir(owner);
        }
        if (removed > 0) {
            LOG.info("Removed {} empty cgroups under {} left by emulators that are gone", removed, parent);
        }
        if (!busy.isEmpty()) {
            LOG.warn(
                    "Cgroups {} were left by emulators that are gone but still hold processes; they are kept (check"
                            + " their cgroup.procs, kill the processes and rmdir them)",
                    busy);
        }
    }

    /** @return true once removed; a cgroup with processes or child cgroups cannot be (EBUSY) */
    private static boolean rmdir(Path dir) {
        try {
            Files.delete(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> probe(Path base, CgroupVersion version) {
        Path child = base.resolve("probe-" + ProcessHandle.current().pid() + "-" + PROBES.incrementAndGet());
        try {
            Files.createDirectories(base);
            Files.createDirectory(child);
            try {
                Path control = child.resolve(version.controlFile());
                if (!Files.exists(control)) {
                    return Optional.of(control + " is missing");
                }
                // Writing the thawed state proves the permission without changing anything.
                CgroupVersion.write(control, version == CgroupVersion.V2 ? "0" : "THAWED");
                return Optional.empty();
            } finally {
                Files.deleteIfExists(child);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of(
                    "cannot create " + child + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static Optional<Path> ownV2Cgroup(Path ownCgroup, MountTable.Mount mount) {
        try {
            for (String line : Files.readAllLines(ownCgroup)) {
                if (line.startsWith("0::")) {
                    String own = line.substring(3).trim();
                    String root = mount.root();
                    if (own.equals(root) || !own.startsWith(root)) {
                        return Optional.empty();
                    }
                    String relative = own.substring(root.length()).replaceFirst("^/+", "");
                    return relative.isEmpty()
                            ? Optional.empty()
                            : Optional.of(mount.mountPoint().resolve(relative));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return description().toLowerCase(Locale.ROOT);
    }
}
