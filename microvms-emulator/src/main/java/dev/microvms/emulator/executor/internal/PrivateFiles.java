package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A directory of this JVM's own (mode 700, in the system's temporary directory) for the files sandboxes
 * are started with: the seccomp filters, the resolver configuration, the named pipes of build steps.
 * Sandboxes never see it (their {@code /tmp} is their own); it is removed when the JVM exits.
 */
final class PrivateFiles {
    private static final AtomicLong NAMES = new AtomicLong();

    private static final class Holder {
        static final Path DIRECTORY = create();
    }

    private PrivateFiles() {}

    /** @return the directory, made on first use */
    static Path directory() {
        return Holder.DIRECTORY;
    }

    /**
     * @param prefix the start of the name
     * @param suffix the end of the name
     * @return a path in the directory no other caller gets; removed at exit if it exists then
     */
    static Path unique(String prefix, String suffix) {
        Path file = directory().resolve(prefix + NAMES.incrementAndGet() + suffix);
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * Writes a small file readable by its owner only, removed at exit.
     *
     * @param name its name in the directory
     * @param content its text
     * @return the file
     * @throws IOException when it cannot be written
     */
    static Path write(String name, String content) throws IOException {
        Path file = directory().resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static Path create() {
        try {
            Path dir = Files.createTempDirectory(
                    "lambda-microvms-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Registered first, so deleted last, once the files in it are gone.
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a private temporary directory for the sandboxes", e);
        }
    }
}
