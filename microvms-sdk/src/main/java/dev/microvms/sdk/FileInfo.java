package dev.microvms.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * A file, directory or link inside a MicroVM, as {@link MicrovmFiles#stat(String)} and {@link
 * MicrovmFiles#list(String)} see it (a link is described, not followed).
 *
 * @param path its path, as asked for or as the listed directory's path plus its name
 * @param name its name, the last part of the path
 * @param type what it is
 * @param size its size in bytes (for a link, the length of its target)
 * @param mode its permission bits, such as {@code 0644}
 * @param modified when it was last modified, to the second
 */
public record FileInfo(String path, String name, Type type, long size, int mode, Instant modified) {
    /** What a path names. */
    public enum Type {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** A symbolic link. */
        SYMLINK,
        /** A device, FIFO or socket. */
        OTHER
    }

    /**
     * @param path its path
     * @param name its name
     * @param type what it is
     * @param size its size
     * @param mode its permission bits
     * @param modified when it was last modified
     */
    public FileInfo {
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(modified, "modified == null");
    }

    /** @return whether it is a regular file */
    public boolean isFile() {
        return type == Type.FILE;
    }

    /** @return whether it is a directory */
    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** @return whether it is a symbolic link */
    public boolean isSymlink() {
        return type == Type.SYMLINK;
    }

    /**
     * Reads a Unix {@code st_mode}: the file type in the high bits, the permissions in the low twelve.
     *
     * @param stMode the mode
     * @return the type
     */
    public static Type typeOf(int stMode) {
        switch (stMode & 0170000) {
            case 0100000:
                return Type.FILE;
            case 0040000:
                return Type.DIRECTORY;
            case 0120000:
                return Type.SYMLINK;
            default:
                return Type.OTHER;
        }
    }
}
