package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps the image's absolute paths to the host for the host executor, which has no mount namespace:
 * {@code /app/app.jar} becomes {@code <rootfs>/app/app.jar}.
 */
public final class HostPaths {
    private final Path rootfs;
    private final Set<String> topLevel;

    private HostPaths(Path rootfs, Set<String> topLevel) {
        this.rootfs = rootfs;
        this.topLevel = Set.copyOf(topLevel);
    }

    /**
     * @param rootfs the image's tree
     * @return the mapping for the tree's top-level entries as they are now
     * @throws IOException when the tree cannot be listed
     */
    public static HostPaths of(Path rootfs) throws IOException {
        Path absolute = rootfs.toAbsolutePath().normalize();
        try (Stream<Path> entries = Files.list(absolute)) {
            return new HostPaths(
                    absolute, entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    /**
     * Rewrites an argument that is an absolute path under a top-level entry of the image, unless the host
     * has that top-level directory and the image lacks the path ({@code /usr/bin/java} with an image
     * that only has {@code /usr/local/app}).
     *
     * @param argument one argv element
     * @return the element, rewritten or not
     */
    public String rewrite(String argument) {
        if (!argument.startsWith("/") || argument.startsWith("//")) {
            return argument;
        }
        int slash = argument.indexOf('/', 1);
        String first = slash < 0 ? argument.substring(1) : argument.substring(1, slash);
        if (!topLevel.contains(first)) {
            return argument;
        }
        Path inImage = rootfs.resolve(argument.substring(1));
        boolean hostHasIt = Files.exists(Path.of("/", first), LinkOption.NOFOLLOW_LINKS);
        return !hostHasIt || Files.exists(inImage, LinkOption.NOFOLLOW_LINKS) ? inImage.toString() : argument;
    }

    /**
     * @param argv the argv
     * @return the argv with each element {@linkplain #rewrite(String) rewritten}
     */
    public List<String> rewrite(List<String> argv) {
        return argv.stream().map(this::rewrite).toList();
    }

    /**
     * @param workingDirectory a directory inside the image, such as {@code /app}
     * @return the directory on the host
     */
    public Path directory(String workingDirectory) {
        return rootfs.resolve(workingDirectory.replaceFirst("^/+", "")).normalize();
    }
}
