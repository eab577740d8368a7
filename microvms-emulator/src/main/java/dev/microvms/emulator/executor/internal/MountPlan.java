package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The file system of a sandbox as bubblewrap arguments: the host's system directories read-only, each
 * top-level entry of the image's tree read-write at its own path, {@code /proc}, {@code /dev} and
 * {@code /tmp}.
 *
 * <p>Where the image's tree has a directory the host also has (a {@code COPY} into {@code /opt} or
 * {@code /etc}), the two are merged: the directory becomes a fresh one in which every host entry is
 * mounted read-only and every image entry read-write, the image winning, recursively where both are
 * directories. So {@code /opt/app} comes from the image while {@code /opt/java} still comes from the host.
 */
public final class MountPlan {
    /** Kernel file systems that the sandbox mounts itself; the image's copies are ignored. */
    private static final Set<String> RESERVED = Set.of("proc", "dev", "sys");

    /**
     * An extra bind mount.
     *
     * @param source the host path
     * @param target the path in the sandbox
     * @param writable read-write or read-only
     */
    public record Bind(Path source, String target, boolean writable) {}

    private final List<String> args = new ArrayList<>();

    private MountPlan() {}

    /**
     * @param rootfs the image's tree
     * @param systemDirs the host directories to mount read-only, such as {@code /usr}; missing ones are
     *     skipped
     * @param extra further mounts, after all others (the JDK, the relay, the run directory)
     * @return the bubblewrap arguments
     * @throws IOException when the trees cannot be listed
     */
    public static List<String> build(Path rootfs, List<Path> systemDirs, List<Bind> extra) throws IOException {
        return build(rootfs, systemDirs, extra, 0);
    }

    /**
     * @param rootfs the image's tree
     * @param systemDirs the host directories to mount read-only, such as {@code /usr}; missing ones are
     *     skipped
     * @param extra further mounts, after all others (the JDK, the relay, the run directory)
     * @param tmpBytes the size of the private {@code /tmp} (bubblewrap 0.8's {@code --size}), or 0 for
     *     the kernel's default (half the host's memory)
     * @return the bubblewrap arguments
     * @throws IOException when the trees cannot be listed
     */
    public static List<String> build(Path rootfs, List<Path> systemDirs, List<Bind> extra, long tmpBytes)
            throws IOException {
        MountPlan plan = new MountPlan();
        TreeMap<String, Path> image = new TreeMap<>();
        for (Path entry : list(rootfs)) {
            String name = entry.getFileName().toString();
            if (!RESERVED.contains(name) && !name.startsWith(".")) {
                image.put(name, entry);
            }
        }
        Set<String> system = new TreeSet<>();
        for (Path dir : systemDirs) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                String name = dir.getFileName().toString();
                system.add(name);
                if (!image.containsKey(name)) {
                    plan.host(dir, dir.toString());
                }
            }
        }
        for (var entry : image.entrySet()) {
            String target = "/" + entry.getKey();
            if (system.contains(entry.getKey())) {
                plan.merge(Path.of(target), entry.getValue(), target);
            } else {
                plan.image(entry.getValue(), target);
            }
        }
        plan.args.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        if (!image.containsKey("tmp")) {
            if (tmpBytes > 0) {
                plan.args.addAll(List.of("--size", Long.toString(tmpBytes)));
            }
            plan.args.addAll(List.of("--tmpfs", "/tmp"));
        }
        for (Bind bind : extra) {
            plan.args.addAll(List.of(
                    bind.writable() ? "--bind" : "--ro-bind", bind.source().toString(), bind.target()));
        }
        return List.copyOf(plan.args);
    }

    private void merge(Path host, Path image, String target) throws IOException {
        if (Files.isSymbolicLink(image) || !Files.isDirectory(image) || !Files.isDirectory(host)) {
            image(image, target);
            return;
        }
        // A host symlink such as /bin -> usr/bin is merged with what it points to.
        Path hostDir = host.toRealPath();
        args.addAll(List.of("--dir", target));
        TreeMap<String, Path> hostEntries = new TreeMap<>();
        list(hostDir).forEach(p -> hostEntries.put(p.getFileName().toString(), p));
        TreeMap<String, Path> imageEntries = new TreeMap<>();
        list(image).forEach(p -> imageEntries.put(p.getFileName().toString(), p));
        TreeSet<String> names = new TreeSet<>(hostEntries.keySet());
        names.addAll(imageEntries.keySet());
        for (String name : names) {
            Path fromImage = imageEntries.get(name);
            Path fromHost = hostEntries.get(name);
            String child = target + "/" + name;
            if (fromImage == null) {
                host(fromHost, child);
            } else if (fromHost != null) {
                merge(fromHost, fromImage, child);
            } else {
                image(fromImage, child);
            }
        }
    }

    private void host(Path source, String target) throws IOException {
        if (Files.isSymbolicLink(source)) {
            args.addAll(List.of("--symlink", Files.readSymbolicLink(source).toString(), target));
        } else {
            args.addAll(List.of("--ro-bind", source.toString(), target));
        }
    }

    private void image(Path source, String target) throws IOException {
        if (Files.isSymbolicLink(source)) {
            args.addAll(List.of("--symlink", Files.readSymbolicLink(source).toString(), target));
        } else {
            args.addAll(List.of("--bind", source.toString(), target));
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
