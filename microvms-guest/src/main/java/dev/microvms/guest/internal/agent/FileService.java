package dev.microvms.guest.internal.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The agent's file operations under {@code /microvms-agent/v1/files}: stat, list, content (GET and PUT),
 * directories, links and delete, as the app's user. A file written goes to a temporary name in its
 * directory and is moved over the old one once complete. Failures answer JSON {@code {"reason",
 * "message"}} with the reasons the SDK knows (NOT_FOUND, ACCESS_DENIED, ...).
 */
final class FileService {
    /** A failure to answer with. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String reason;

        Failure(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    private FileService() {}

    static String stat(Path path) throws Failure {
        return describe(path, path.toString());
    }

    static String list(Path dir) throws Failure {
        if (!Files.isDirectory(dir)) {
            throw Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                    ? new Failure(400, "NOT_A_DIRECTORY", dir + " is not a directory")
                    : new Failure(404, "NOT_FOUND", "no such directory " + dir);
        }
        StringBuilder json = new StringBuilder("[");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String entry;
                try {
                    entry = describe(p, p.toString());
                } catch (Failure e) {
                    continue; // gone between the listing and the look
                }
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append(entry);
            }
        } catch (IOException e) {
            throw failure(e, dir);
        }
        return json.append(']').toString();
    }

    /** Writes the file's bytes as a whole answer. */
    static void read(Path path, OutputStream out, boolean close) throws Failure, IOException {
        if (Files.isDirectory(path)) {
            throw new Failure(400, "IS_A_DIRECTORY", path + " is a directory");
        }
        if (!Files.exists(path)) {
            throw new Failure(404, "NOT_FOUND", "no such file " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new Failure(400, "NOT_A_FILE", path + " is not a regular file");
        }
        InputStream in;
        long size;
        try {
            in = Files.newInputStream(path);
            size = Files.size(path);
        } catch (IOException e) {
            throw failure(e, path);
        }
        try (in) {
            AgentHttp.head(out, 200, "application/octet-stream", size, close);
            byte[] buffer = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(path + " shrank while it was read");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
        }
    }

    static void write(Path path, InputStream body, int mode) throws Failure {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new Failure(404, "NOT_FOUND", "no directory " + dir + " to write " + path.getFileName() + " in");
        }
        if (Files.isDirectory(path)) {
            throw new Failure(400, "IS_A_DIRECTORY", path + " is a directory");
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(dir, "." + path.getFileName(), ".part");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                body.transferTo(out);
            }
            setMode(temporary, mode);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (IOException e) {
            throw failure(e, path);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static void createDirectories(Path dir) throws Failure {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new Failure(409, "NOT_A_DIRECTORY", dir + " exists and is not a directory");
        } catch (IOException e) {
            throw failure(e, dir);
        }
    }

    static void delete(Path path, boolean recursive) throws Failure {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new Failure(404, "NOT_FOUND", "nothing at " + path);
        }
        try {
            if (recursive && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw failure(e, path);
        }
    }

    static String readLink(Path path) throws Failure {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException | UnsupportedOperationException e) {
            throw e instanceof IOException io
                    ? failure(io, path)
                    : new Failure(400, "FAILED", "links are not supported here");
        }
    }

    static void createLink(Path path, String target) throws Failure {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new Failure(400, "IS_A_DIRECTORY", path + " is a directory");
            }
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
        } catch (IOException e) {
            throw failure(e, path);
        }
    }

    private static String describe(Path p, String shown) throws Failure {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", shown);
        Path name = p.getFileName();
        entry.put("name", name == null ? shown : name.toString());
        try {
            BasicFileAttributes basic;
            int mode = 0;
            try {
                PosixFileAttributes posix =
                        Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                basic = posix;
                mode = modeOf(posix.permissions());
            } catch (UnsupportedOperationException e) {
                basic = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            entry.put(
                    "type",
                    basic.isSymbolicLink()
                            ? "SYMLINK"
                            : basic.isDirectory() ? "DIRECTORY" : basic.isRegularFile() ? "FILE" : "OTHER");
            entry.put("size", basic.size());
            entry.put("mode", mode);
            entry.put("modified", basic.lastModifiedTime().toInstant().getEpochSecond());
        } catch (IOException e) {
            throw failure(e, p);
        }
        return Json.object(entry);
    }

    private static Failure failure(IOException e, Path path) {
        if (e instanceof NoSuchFileException) {
            return new Failure(404, "NOT_FOUND", "nothing at " + e.getMessage());
        }
        if (e instanceof AccessDeniedException) {
            return new Failure(403, "ACCESS_DENIED", "permission denied: " + e.getMessage());
        }
        if (e instanceof NotDirectoryException) {
            return new Failure(400, "NOT_A_DIRECTORY", "not a directory: " + e.getMessage());
        }
        if (e instanceof DirectoryNotEmptyException) {
            return new Failure(409, "NOT_EMPTY", path + " is not empty");
        }
        String reason =
                e instanceof FileSystemException f ? String.valueOf(f.getReason()) : String.valueOf(e.getMessage());
        if (reason.contains("Is a directory")) {
            return new Failure(400, "IS_A_DIRECTORY", path + " is a directory");
        }
        if (reason.contains("Not a directory")) {
            return new Failure(400, "NOT_A_DIRECTORY", "a part of " + path + " is not a directory");
        }
        return new Failure(500, "FAILED", e.toString());
    }

    private static int modeOf(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static void setMode(Path path, int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                permissions.add(p);
            }
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the bytes are kept, the bits cannot be.
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
