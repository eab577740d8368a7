package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where COPY and ADD take their sources from: the build context (with its .dockerignore, and no way out
 * of it) or the tree of an earlier stage ({@code COPY --from}, whose links are followed inside that tree).
 */
final class SourceTree {

    /** A matched source: its file on the host, and its path relative to the tree's root. */
    record Source(Path file, String relative) {}

    private final Path root;
    private final Path realRoot;
    private final DockerIgnore ignore;
    private final boolean context;
    private final String description;

    private SourceTree(Path root, DockerIgnore ignore, boolean context, String description) {
        this.root = root;
        this.ignore = ignore;
        this.context = context;
        this.description = description;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the directory " + root + ": " + e.getMessage(), e);
        }
    }

    static SourceTree context(Path root, DockerIgnore ignore) {
        return new SourceTree(root, ignore, true, "build context");
    }

    static SourceTree stage(Path root, String description) {
        return new SourceTree(root, DockerIgnore.parse(""), false, description);
    }

    /** Whether a path below a matched directory is copied (not excluded by .dockerignore). */
    boolean included(String relative) {
        return !context || !ignore.excludes(relative);
    }

    /** Whether a directory may hold included files even though it is excluded itself. */
    boolean mayHoldIncluded() {
        return ignore.hasExceptions();
    }

    /**
     * Finds the files a source names, with wildcards expanded.
     *
     * @param source the source as written, variables substituted
     * @param what {@code COPY} or {@code ADD}, for messages
     * @throws DockerfileException (line 0, the caller adds it) when nothing matches or the source leaves
     *     the context
     */
    List<Source> match(String source, String what) {
        String relative = relative(source, what);
        List<Source> found = new ArrayList<>();
        if (PathPatterns.hasWildcard(relative)) {
            glob(relative, what, found);
            if (found.isEmpty()) {
                throw new DockerfileException(
                        0,
                        what + " failed: no source files were specified: " + source + " matches nothing in "
                                + description + hint(source));
            }
            return found;
        }
        Path file = host(relative);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DockerfileException(
                    0, what + " failed: file not found in " + description + ": " + source + hint(source));
        }
        if (!relative.isEmpty() && !visible(relative, file)) {
            throw new DockerfileException(
                    0,
                    what + " failed: file not found in " + description + ": " + source
                            + " (it is excluded by .dockerignore: remove the pattern that matches it, or add !"
                            + relative + ")");
        }
        found.add(new Source(inside(file, source, what), relative));
        return found;
    }

    /** The source relative to the tree's root; {@code ..} may not leave the build context. */
    private String relative(String source, String what) {
        List<String> parts = new ArrayList<>();
        for (String part : source.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    if (context) {
                        throw new DockerfileException(
                                0,
                                what + " failed: forbidden path outside the build context: "
                                        + source + "; sources are paths inside the build context (the archive's root):"
                                        + " move the file into it");
                    }
                    continue;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private void glob(String relative, String what, List<Source> found) {
        List<String> current = new ArrayList<>(List.of(""));
        String[] segments = relative.split("/", -1);
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            boolean last = s == segments.length - 1;
            List<String> next = new ArrayList<>();
            for (String parent : current) {
                Path dir = host(parent);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                for (String name : children(dir, segment)) {
                    String child = parent.isEmpty() ? name : parent + "/" + name;
                    if (!last || visible(child, host(child))) {
                        next.add(child);
                    }
                }
            }
            current = next;
        }
        for (String match : current) {
            found.add(new Source(inside(host(match), match, what), match));
        }
    }

    private List<String> children(Path dir, String segment) {
        if (!PathPatterns.hasWildcard(segment)) {
            String name = segment.replace("\\", "");
            return Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS) ? List.of(name) : List.of();
        }
        Pattern pattern = PathPatterns.segment(segment);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (pattern.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    private boolean visible(String relative, Path file) {
        if (!context || !ignore.excludes(relative)) {
            return true;
        }
        return TreePaths.isDirectory(file) && ignore.hasExceptions();
    }

    private Path host(String relative) {
        return context ? root.resolve(relative) : TreePaths.resolve(root, "/" + relative);
    }

    /** Follows the source if it is a link, and checks that it stays inside the context. */
    private Path inside(Path file, String source, String what) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new DockerfileException(
                    0,
                    what + " failed: file not found in " + description + ": " + source
                            + " (a symbolic link to a missing file)",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (context && !real.startsWith(realRoot)) {
            throw new DockerfileException(
                    0,
                    what + " failed: forbidden path outside the build context: " + source + " is a symbolic link to "
                            + real + "; put the file itself in the build context");
        }
        return context ? real : file;
    }

    private String hint(String source) {
        if (context && source.endsWith(".jar")) {
            return "; build the jar before packaging (mvn package) and check that the path matches the archive";
        }
        return context ? "; check the path against the archive's content" : "; check the path in that stage";
    }
}
