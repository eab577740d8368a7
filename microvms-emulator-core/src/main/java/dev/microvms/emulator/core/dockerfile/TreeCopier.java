package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Copies files and directory contents into an image's tree, as COPY does: modes and times are kept (or
 * set by {@code --chmod}), links are copied as links, and every destination is resolved through {@link
 * TreePaths} so that nothing is written outside the tree.
 */
final class TreeCopier {

    private final Path root;
    private final @Nullable Integer chmod;
    private int files;

    TreeCopier(Path root, @Nullable Integer chmod) {
        this.root = root;
        this.chmod = chmod;
    }

    /** The number of files and links copied so far. */
    int files() {
        return files;
    }

    /** Copies one file (or link) to an image path. */
    void copyFile(Path source, String destination) throws IOException {
        Path target = TreePaths.resolveParent(root, destination);
        Files.createDirectories(target.getParent());
        write(source, target, destination);
    }

    /**
     * Copies what a directory holds into an image directory, skipping what the source tree excludes.
     *
     * @param directory the source directory on the host
     * @param relative its path relative to the source tree's root, for .dockerignore
     * @param destination the image directory, created if needed
     */
    void copyContents(Path directory, String relative, String destination, SourceTree tree) throws IOException {
        Path top = TreePaths.resolve(root, destination);
        if (Files.exists(top) && !Files.isDirectory(top)) {
            throw new IOException("cannot copy the directory " + (relative.isEmpty() ? "." : relative) + " to "
                    + destination + ", which is a file in the image");
        }
        Files.createDirectories(top);
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dir.equals(directory)) {
                    return FileVisitResult.CONTINUE;
                }
                String inside = directory.relativize(dir).toString();
                if (!tree.included(join(relative, inside))) {
                    // An excluded directory is still walked when an exception (!pattern) may bring files back.
                    return tree.mayHoldIncluded() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }
                Path target = TreePaths.resolveParent(root, destination + "/" + inside);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target)) {
                    throw new IOException("cannot copy the directory " + join(relative, inside) + " over the file "
                            + destination + "/" + inside + " of the image");
                }
                if (!Files.isSymbolicLink(target)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(
                            target,
                            chmod != null
                                    ? FileModes.permissions(chmod)
                                    : Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String inside = directory.relativize(file).toString();
                if (tree.included(join(relative, inside))
                        && (attributes.isRegularFile() || attributes.isSymbolicLink())) {
                    copyFile(file, destination + "/" + inside);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void write(Path source, Path target, String destination) throws IOException {
        if (TreePaths.isDirectory(target)) {
            throw new IOException("cannot copy a file over the directory " + destination + " of the image;"
                    + " end the destination with / to copy into it");
        }
        Files.copy(
                source,
                target,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
        if (chmod != null && !Files.isSymbolicLink(target)) {
            FileModes.apply(target, chmod);
        }
        files++;
    }

    private static String join(String relative, String inside) {
        return relative.isEmpty() ? inside : relative + "/" + inside;
    }
}
