package dev.microvms.emulator.s3;

import dev.microvms.emulator.store.FileStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One PUT of an object, streamed to a file of its own as its bytes arrive (never held in memory) and
 * hashed on the way. {@link #commit()} appends the metadata and renames the file over the object's: one
 * atomic step, so a reader sees the old object or the new one whole, and concurrent PUTs of one key leave
 * one of them whole (the last to commit). Until then the object is untouched; {@link #abandon()} removes
 * the file.
 */
public final class Upload {
    private final ObjectFile target;
    private final String key;
    private final String contentType;
    private final long maxBytes;
    private final Path file;
    private final FileChannel out;
    private final MessageDigest md5;
    private long size;
    private boolean finished;

    Upload(ObjectFile target, String key, String contentType, long maxBytes) throws IOException {
        this.target = target;
        this.key = key;
        this.contentType = contentType;
        this.maxBytes = maxBytes;
        this.file = target.file.resolveSibling(target.file.getFileName() + ".tmp-" + UUID.randomUUID());
        this.out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object grew past the largest one PUT may store. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("The object is larger than " + maxBytes + " bytes, the most one PUT may store.");
        }
    }

    /**
     * Writes the next bytes of the object.
     *
     * @throws TooLarge when the object grows past its limit
     * @throws IOException when the file cannot be written, such as on a full disk
     */
    public void write(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        if (size + n > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        md5.update(bytes.duplicate());
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        size += n;
    }

    /**
     * Puts the object in place, replacing any with its key.
     *
     * @return what was stored
     * @throws IOException when it cannot be written or renamed; the old object is then untouched
     */
    public S3Objects.S3Object commit() throws IOException {
        ObjectFile.Metadata metadata = new ObjectFile.Metadata(
                key,
                "\"" + HexFormat.of().formatHex(md5.digest()) + "\"",
                contentType,
                size,
                System.currentTimeMillis());
        ByteBuffer trailer = ObjectFile.trailer(metadata);
        while (trailer.hasRemaining()) {
            out.write(trailer);
        }
        out.force(true);
        out.close();
        try {
            Files.move(file, target.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + target.file + " cannot rename atomically", e);
        }
        finished = true;
        FileStore.forceDirectory(target.file.getParent());
        return metadata.object();
    }

    /** Removes the upload's file unless it was committed; safe to call more than once. */
    public void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Upload.class).warn("Cannot remove the abandoned upload {}", file, e);
        }
    }
}
