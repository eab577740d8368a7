package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;

/**
 * What COPY and ADD read from the build context, for a step's cache key: each file's path, type, mode and
 * content (links by their target), a directory's included entries in path order, as Docker's cache checks
 * the files' contents and metadata.
 */
final class ContextDigest {

    private ContextDigest() {}

    /**
     * Adds a matched source to a key.
     *
     * @param file the source on the host (a file, link or directory)
     * @param relative its path in the context, for .dockerignore
     */
    static void add(StepKey key, Path file, String relative, SourceTree tree) throws IOException {
        if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            entry(key, file, "");
            return;
        }
        entry(key, file, "");
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(file)) {
            entries = walk.filter(p -> !p.equals(file))
                    .filter(p -> tree.included(join(relative, file.relativize(p).toString())))
                    .sorted()
                    .toList();
        }
        for (Path entry : entries) {
            entry(key, entry, file.relativize(entry).toString());
        }
    }

    private static void entry(StepKey key, Path path, String inside) throws IOException {
        key.add(inside);
        if (Files.isSymbolicLink(path)) {
            key.add("link").add(Files.readSymbolicLink(path).toString());
            return;
        }
        key.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            key.add("dir");
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            key.add("file").add(Files.size(path)).add(sha256(path));
        } else {
            key.add("other");
        }
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static String join(String relative, String inside) {
        return relative.isEmpty() ? inside : relative + "/" + inside;
    }
}
