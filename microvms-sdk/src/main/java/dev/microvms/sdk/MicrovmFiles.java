package dev.microvms.sdk;

import dev.microvms.sdk.internal.sandbox.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The files of a MicroVM: upload and download files and whole directory trees, read and write a file's
 * bytes, list, stat, create directories and delete, as the MicroVM's user (the shell's, or the app's for
 * the agent). A file written is replaced only once all of it has arrived. Paths inside the MicroVM are
 * best absolute; a relative one starts in the shell's or the app's working directory.
 *
 * <pre>{@code
 * MicrovmFiles files = microvm.files();
 * files.upload(Path.of("src"), "/tmp/src");                 // a directory tree
 * files.download("/app/logs", Path.of("logs"));
 * files.writeString("/tmp/config.json", "{\"fast\":true}");
 * for (FileInfo f : files.list("/tmp")) System.out.println(f.name() + " " + f.size());
 * files.delete("/tmp/src");
 * }</pre>
 *
 * <p>Failures are {@link MicrovmFileException} with the path and the reason (NOT_FOUND, ...).
 */
public final class MicrovmFiles {
    private static final int DEFAULT_FILE_MODE = 0644;

    private final Supplier<Transport> transport;
    private final String microvmId;

    MicrovmFiles(Supplier<Transport> transport, String microvmId) {
        this.transport = transport;
        this.microvmId = microvmId;
    }

    /**
     * Copies a local file or directory tree into the MicroVM; {@code remote} is the new file's or
     * directory's path (its parent is created). Links in a tree are copied as links; permission bits are kept.
     *
     * @param local a file or a directory
     * @param remote its path inside the MicroVM
     * @throws UncheckedIOException when a local file cannot be read
     */
    public void upload(Path local, String remote) {
        Transport t = transport.get();
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new UncheckedIOException(new java.nio.file.NoSuchFileException(
                    local.toString(), null, "there is no such local file or directory to upload"));
        }
        String parent = parent(remote);
        if (!parent.isEmpty()) {
            t.createDirectories(parent);
        }
        if (!Files.isDirectory(local)) {
            uploadFile(t, local, remote);
            return;
        }
        t.createDirectories(remote);
        try (Stream<Path> walk = Files.walk(local)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(local)) {
                    continue;
                }
                String target = remote + "/" + relative(local, p);
                if (Files.isSymbolicLink(p)) {
                    t.createLink(target, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    t.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    uploadFile(t, p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + local + " to upload it: " + e, e);
        }
    }

    /**
     * Copies a file or directory tree out of the MicroVM; {@code local} is the new file's or directory's
     * path (its parent is created; a file there is replaced). A link named by {@code remote} is followed;
     * links inside a tree are copied as links.
     *
     * @param remote a file or directory inside the MicroVM
     * @param local where it goes
     * @throws MicrovmFileException NOT_FOUND when nothing is at {@code remote}
     * @throws UncheckedIOException when a local file cannot be written
     */
    public void download(String remote, Path local) {
        Transport t = transport.get();
        FileInfo info = t.stat(remote);
        try {
            Path parent = local.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (info.isDirectory() || (info.isSymlink() && isDirectory(t, remote))) {
                downloadTree(t, remote, local);
            } else {
                downloadFile(t, remote, local, info.isSymlink() ? DEFAULT_FILE_MODE : info.mode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + local + ": " + e, e);
        }
    }

    /**
     * @param remote a file inside the MicroVM
     * @return its bytes
     */
    public byte[] read(String remote) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transport.get().read(remote, out);
        return out.toByteArray();
    }

    /**
     * @param remote a file inside the MicroVM
     * @return its text, read as UTF-8
     */
    public String readString(String remote) {
        return new String(read(remote), StandardCharsets.UTF_8);
    }

    /**
     * Copies a file's bytes to a stream.
     *
     * @param remote a file inside the MicroVM
     * @param out where its bytes go; not closed
     */
    public void read(String remote, OutputStream out) {
        transport.get().read(remote, out);
    }

    /**
     * Writes a file (mode 0644), replacing one there once all has arrived; its directory must exist.
     *
     * @param remote the file
     * @param content its bytes
     */
    public void write(String remote, byte[] content) {
        transport.get().write(remote, new ByteArrayInputStream(content), DEFAULT_FILE_MODE);
    }

    /**
     * Writes a file as UTF-8 text (mode 0644).
     *
     * @param remote the file
     * @param content its text
     */
    public void writeString(String remote, String content) {
        write(remote, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file from a stream, read to its end (not closed).
     *
     * @param remote the file
     * @param content its bytes
     * @param mode its permission bits, such as {@code 0755}
     */
    public void write(String remote, InputStream content, int mode) {
        transport.get().write(remote, content, mode);
    }

    /**
     * @param path a path inside the MicroVM
     * @return what is there, without following a link
     * @throws MicrovmFileException NOT_FOUND when nothing is
     */
    public FileInfo stat(String path) {
        return transport.get().stat(path);
    }

    /**
     * @param path a path inside the MicroVM
     * @return whether anything is there (a broken link too)
     */
    public boolean exists(String path) {
        try {
            stat(path);
            return true;
        } catch (MicrovmFileException e) {
            if (e.reason() == MicrovmFileException.Reason.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * @param directory a directory inside the MicroVM
     * @return its entries, by name
     * @throws MicrovmFileException NOT_FOUND or NOT_A_DIRECTORY
     */
    public List<FileInfo> list(String directory) {
        List<FileInfo> entries = new ArrayList<>(transport.get().list(directory));
        entries.sort(java.util.Comparator.comparing(FileInfo::name));
        return entries;
    }

    /** @param directory a directory to create, with its parents; nothing happens when it exists */
    public void createDirectories(String directory) {
        transport.get().createDirectories(directory);
    }

    /**
     * Deletes a file, a link, or a directory with everything in it.
     *
     * @param path the path
     * @throws MicrovmFileException NOT_FOUND when nothing is there
     */
    public void delete(String path) {
        transport.get().delete(path, true);
    }

    @Override
    public String toString() {
        return "MicrovmFiles[" + microvmId + "]";
    }

    private static void uploadFile(Transport t, Path local, String remote) {
        try (InputStream in = Files.newInputStream(local)) {
            t.write(remote, in, modeOf(local, DEFAULT_FILE_MODE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + local + " to upload it: " + e, e);
        }
    }

    private void downloadTree(Transport t, String remote, Path local) throws IOException {
        Files.createDirectories(local);
        for (FileInfo entry : t.list(remote)) {
            Path target = local.resolve(entry.name());
            String from = remote.endsWith("/") ? remote + entry.name() : remote + "/" + entry.name();
            switch (entry.type()) {
                case DIRECTORY -> downloadTree(t, from, target);
                case FILE -> downloadFile(t, from, target, entry.mode());
                case SYMLINK -> {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(t.readLink(from)));
                }
                case OTHER -> {
                    // Devices, FIFOs and sockets have no bytes to copy.
                }
            }
        }
    }

    private static void downloadFile(Transport t, String remote, Path local, int mode) throws IOException {
        Path dir = local.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, "." + local.getFileName(), ".part");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                t.read(remote, out);
            }
            setMode(temporary, mode);
            if (Files.isDirectory(local)) {
                throw new FileAlreadyExistsException(local.toString(), null, "a directory is in the way");
            }
            Files.move(temporary, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean isDirectory(Transport t, String remote) {
        try {
            t.list(remote);
            return true;
        } catch (MicrovmFileException e) {
            return false;
        }
    }

    private static String relative(Path root, Path p) {
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(p)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }

    private static String parent(String remote) {
        String r = remote;
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        int slash = r.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        return slash == 0 ? "/" : r.substring(0, slash);
    }

    private static int modeOf(Path local, int fallback) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(local);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException | IOException e) {
            return fallback;
        }
    }

    private static void setMode(Path local, int mode) {
        try {
            Set<PosixFilePermission> perms = java.util.EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : PosixFilePermission.values()) {
                if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                    perms.add(p);
                }
            }
            Files.setPosixFilePermissions(local, perms);
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the bits cannot be kept, the bytes are.
        }
    }
}
