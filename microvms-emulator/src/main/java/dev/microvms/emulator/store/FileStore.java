package dev.microvms.emulator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.core.Store;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each resource in a JSON file of its own, {@code <dir>/<kind>/<key>.json}, written crash-safely:
 * the new content goes to a temporary file, is forced to disk, then atomically renamed over the old one,
 * and the directory is forced too. A SIGKILL at any moment leaves either the old or the new file, never
 * a torn one; a write that returned is on disk. Why files and not an embedded database: see
 * {@code docs/design/emulator-state.md}.
 *
 * <p>A file that cannot be read (edited or cut short by hand) is set aside when the store is read, with a
 * log line that names it, and the emulator starts without it. A small reserve file is kept beside the
 * resources: when the disk is full, it is given up so that the write that records a failure (such as a
 * build that filled the disk) still lands, and a restart does not start that build again.
 */
public final class FileStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final SpaceReserve reserve;

    /** @param dir the directory the resources live in; made when missing */
    public FileStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state directory " + dir, e);
        }
        this.reserve = new SpaceReserve(dir.resolve(".space-reserve"));
    }

    @Override
    public void put(String kind, String key, Object value) {
        try {
            Path kindDir = Files.createDirectories(dir.resolve(kind));
            byte[] content = JSON.writeValueAsBytes(value);
            Path file = kindDir.resolve(fileName(key));
            try {
                writeAtomically(file, content);
            } catch (IOException e) {
                if (!DiskSpace.isFull(e) || !reserve.release(kind + "/" + key)) {
                    throw e;
                }
                writeAtomically(file, content);
            }
            reserve.restore();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + kind + "/" + key + " under " + dir, e);
        }
    }

    @Override
    public void remove(String kind, String key) {
        Path kindDir = dir.resolve(kind);
        try {
            if (Files.deleteIfExists(kindDir.resolve(fileName(key)))) {
                forceDirectory(kindDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + kind + "/" + key + " under " + dir, e);
        }
    }

    @Override
    public void setAside(String kind, String key, String why) {
        Path file = dir.resolve(kind).resolve(fileName(key));
        try {
            if (Files.exists(file)) {
                SetAside.file(file, why);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set aside " + kind + "/" + key + " under " + dir, e);
        }
    }

    @Override
    public <T> List<T> all(String kind, Class<T> type) {
        List<T> found = new ArrayList<>();
        Path kindDir = dir.resolve(kind);
        if (!Files.isDirectory(kindDir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(kindDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.contains(".tmp-")) {
                    // A write that a crash cut short: the file it was replacing is still whole.
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
                    T value = read(file, type);
                    if (value != null) {
                        found.add(value);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + kindDir, e);
        }
        return found;
    }

    /** @return the resource in the file, or null when the file cannot be read and was set aside */
    private static <T> @Nullable T read(Path file, Class<T> type) throws IOException {
        String damage;
        try {
            T value = JSON.readValue(file.toFile(), type);
            if (value != null) {
                return value;
            }
            damage = "it holds JSON null";
        } catch (JsonProcessingException e) {
            damage = e.getOriginalMessage();
        } catch (RuntimeException e) {
            // a record's constructor refusing what the file holds, such as a missing member
            damage = e.toString();
        }
        SetAside.file(file, "it cannot be read: " + damage);
        return null;
    }

    /** Writes a file so that a crash leaves the old or the new content, and the new one is durable. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            // A full disk, usually: what was written of the new content is of no use, and takes space.
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("The file system of " + target + " cannot rename atomically", e);
        }
        forceDirectory(target.getParent());
    }

    /** Forces a directory's entries to disk, so that a rename or a deletion in it is durable. */
    public static void forceDirectory(Path directory) {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {} to disk", directory, e);
        }
    }

    /** Keys carry ARNs; file names keep them readable where they can, and short where they cannot. */
    static String fileName(String key) {
        StringBuilder name = new StringBuilder();
        for (char c : key.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        String hash = sha256(key).substring(0, 12);
        String readable = name.length() > 120 ? name.substring(name.length() - 120) : name.toString();
        return readable + "-" + hash + SUFFIX;
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
