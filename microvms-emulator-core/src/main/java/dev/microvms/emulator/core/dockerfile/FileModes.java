package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** POSIX permission bits as Docker writes them ({@code 755}), and their {@link PosixFilePermission} set. */
final class FileModes {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ,
    };

    private FileModes() {}

    /**
     * Parses an octal mode of {@code --chmod}.
     *
     * @throws IllegalArgumentException when the value is not octal, with how to write it
     */
    static int parse(String chmod) {
        if (!chmod.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException("invalid --chmod=" + chmod
                    + ": the emulator takes an octal mode such as --chmod=755 or --chmod=0644");
        }
        return Integer.parseInt(chmod, 8) & 0777;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BITS[bit]);
            }
        }
        return permissions;
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BITS.length; bit++) {
            if (permissions.contains(BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    static void apply(Path path, int mode) throws IOException {
        Files.setPosixFilePermissions(path, permissions(mode));
    }
}
