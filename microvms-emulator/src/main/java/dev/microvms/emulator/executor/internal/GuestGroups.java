package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link GuestGroup} of each MicroVM with the best control this machine offers: the cgroup v2
 * freezer, else the cgroup v1 freezer, else signals to the process tree.
 */
public final class GuestGroups {
    private static final Logger LOG = LoggerFactory.getLogger(GuestGroups.class);
    private static final String PARENT = "lambda-microvms";
    private static final AtomicLong PROBES = new AtomicLong();

    private static final class Detected {
        static final GuestGroups INSTANCE = detect(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
    }

    private final @Nullable Path base;
    private final @Nullable CgroupVersion version;

    private GuestGroups(@Nullable Path base, @Nullable CgroupVersion version) {
        this.base = base;
        this.version = version;
    }

    /** @return the control detected once for this JVM (the choice is logged) */
    public static GuestGroups detected() {
        return Detected.INSTANCE;
    }

    /** @return groups that use only signals, whatever the machine offers */
    public static GuestGroups signals() {
        return new GuestGroups(null, null);
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
        try {
            MountTable table = MountTable.parse(Files.readAllLines(mountinfo));
            List<Path> v2 = new ArrayList<>();
            table.cgroup2().ifPresent(mount -> {
                v2.add(mount.mountPoint().resolve(PARENT));
                ownV2Cgroup(ownCgroup, mount).ifPresent(own -> v2.add(own.resolve(PARENT)));
            });
            for (Path base : v2) {
                Optional<String> failure = probe(base, CgroupVersion.V2);
                if (failure.isEmpty()) {
                    return chosen(new GuestGroups(base, CgroupVersion.V2));
                }
                tried.add(failure.get());
            }
            Optional<MountTable.Mount> v1 = table.freezerV1();
            if (v1.isPresent()) {
                Path base = v1.get().mountPoint().resolve(PARENT);
                Optional<String> failure = probe(base, CgroupVersion.V1);
                if (failure.isEmpty()) {
                    return chosen(new GuestGroups(base, CgroupVersion.V1));
                }
                tried.add(failure.get());
            }
            if (v2.isEmpty() && v1.isEmpty()) {
                tried.add("no cgroup v2 hierarchy and no cgroup v1 freezer is mounted");
            }
        } catch (IOException | RuntimeException e) {
            tried.add("could not read " + mountinfo + ": " + e.getMessage());
        }
        LOG.warn(
                "MicroVM processes are frozen with SIGSTOP/SIGCONT of their process tree, because no cgroup freezer "
                        + "is usable ({}); run as root or with a delegated cgroup v2 subtree to use the freezer",
                String.join("; ", tried));
        return signals();
    }

    /** @return a name for messages, such as {@code cgroup v2 freezer at /sys/fs/cgroup/unified/lambda-microvms} */
    public String description() {
        if (base == null || version == null) {
            return "SIGSTOP/SIGCONT of the process tree";
        }
        return version.description() + " at " + base;
    }

    /**
     * Makes the group of one MicroVM or build step. A cgroup left by an earlier run under the same name is
     * emptied and reused.
     *
     * @param name the MicroVM's id or a step's name
     * @return the empty group
     * @throws IOException when the cgroup cannot be made
     */
    public GuestGroup create(String name) throws IOException {
        if (base == null || version == null) {
            return new SignalGroup();
        }
        Path dir = base.resolve(sanitize(name));
        CgroupGroup.remove(dir, version);
        Files.createDirectories(dir);
        return new CgroupGroup(dir, version);
    }

    static String sanitize(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "_" + safe;
        }
        return safe.length() > 120 ? safe.substring(0, 120) : safe;
    }

    private static GuestGroups chosen(GuestGroups groups) {
        LOG.info("MicroVM processes are frozen, thawed and killed with the {}", groups.description());
        return groups;
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
