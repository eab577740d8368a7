package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Maps paths of an image ({@code /app/app.jar}) to files of its tree on the host, following the tree's
 * symbolic links as if the tree were the root, as BuildKit does: an absolute link target starts again at
 * the tree's root and {@code ..} stops there, so a link made by a RUN step cannot lead a COPY out of it.
 */
final class TreePaths {

    private static final int MAX_LINKS = 40;

    private TreePaths() {}

    /** Normalizes an image path: absolute, no {@code .} or {@code ..}, no trailing slash; {@code ..} stops at {@code /}. */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Joins a path to a directory unless it is absolute, then normalizes it. */
    static String join(String directory, String path) {
        return normalize(path.startsWith("/") ? path : directory + "/" + path);
    }

    /**
     * Resolves an image path in a tree, following every symbolic link on the way.
     *
     * @param root the tree's root on the host
     * @param imagePath a path of the image
     * @return the host path, inside the root; its last components may not exist yet
     */
    static Path resolve(Path root, String imagePath) {
        return walk(root, imagePath, true);
    }

    /**
     * Resolves an image path in a tree, following links in its parents but not a link at the path itself, so
     * that the link can be replaced rather than written through.
     */
    static Path resolveParent(Path root, String imagePath) {
        return walk(root, imagePath, false);
    }

    private static Path walk(Path root, String imagePath, boolean followLast) {
        Deque<String> pending = new ArrayDeque<>();
        for (String part : normalize(imagePath).split("/", -1)) {
            if (!part.isEmpty()) {
                pending.addLast(part);
            }
        }
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = under(root, resolved).resolve(part);
            boolean last = pending.isEmpty();
            if ((followLast || !last) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new IllegalArgumentException("too many levels of symbolic links in " + imagePath);
                }
                String target = readLink(candidate);
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                String[] targetParts = target.split("/", -1);
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    if (!targetParts[i].isEmpty()) {
                        pending.addFirst(targetParts[i]);
                    }
                }
                continue;
            }
            resolved.addLast(part);
        }
        return under(root, resolved);
    }

    private static Path under(Path root, Deque<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link " + link + ": " + e.getMessage(), e);
        }
    }

    /** Whether a path of the host exists as a directory, not following a link at the path itself. */
    static boolean isDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
