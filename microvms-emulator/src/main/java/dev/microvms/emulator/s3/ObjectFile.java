package dev.microvms.emulator.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.store.FileStore;
import dev.microvms.emulator.store.SetAside;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * One object's file: the object's bytes, then its metadata as JSON, then a 16-byte footer (the magic
 * {@code mvs3obj1} and the metadata's length). The metadata follows the bytes because the ETag is known
 * only once they are all written.
 */
final class ObjectFile {
    static final String SUFFIX = ".obj";
    static final int FOOTER_BYTES = 16;
    private static final byte[] MAGIC = "mvs3obj1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_METADATA_BYTES = 64 << 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path file;

    ObjectFile(Path file) {
        this.file = file;
    }

    /** @return the file of a key in a bucket's directory */
    static ObjectFile of(Path bucketDir, String key) {
        return new ObjectFile(bucketDir.resolve(sha256(key) + SUFFIX));
    }

    /**
     * What the file says about its object.
     *
     * @param key the key
     * @param etag the quoted MD5 of the bytes
     * @param contentType the content type
     * @param size how many bytes the object has
     * @param lastModified when it was written, in epoch milliseconds
     */
    record Metadata(String key, String etag, String contentType, long size, long lastModified) {
        S3Objects.S3Object object() {
            return new S3Objects.S3Object(key, size, etag, contentType, lastModified);
        }
    }

    /** @return the metadata and the footer that end an object's file */
    static ByteBuffer trailer(Metadata metadata) throws JsonProcessingException {
        byte[] json = JSON.writeValueAsBytes(metadata);
        ByteBuffer trailer = ByteBuffer.allocate(json.length + FOOTER_BYTES);
        trailer.put(json).put(MAGIC).putLong(json.length).flip();
        return trailer;
    }

    /**
     * Opens the file. One that cannot be read is set aside, with a log line that names it.
     *
     * @param key the key the file must hold, or null for any
     * @return the open object, or null when there is no readable file
     */
    S3Objects.@Nullable OpenObject open(@Nullable String key) {
        FileChannel channel;
        try {
            channel = S3Objects.openForReading(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot open " + file, e);
        }
        String damage;
        try {
            Metadata metadata = read(channel);
            if (key == null || metadata.key().equals(key)) {
                return new S3Objects.OpenObject(metadata.object(), channel);
            }
            damage = "it holds the key '" + metadata.key() + "', not '" + key + "'";
        } catch (Damaged | IOException e) {
            damage = e.getMessage();
        }
        try {
            channel.close();
            SetAside.file(file, "it cannot be read as an object: " + damage);
        } catch (NoSuchFileException gone) {
            // replaced or deleted meanwhile: the next reader sees what is there now
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot set aside " + file, e);
        }
        return null;
    }

    private static Metadata read(FileChannel channel) throws IOException, Damaged {
        long length = channel.size();
        if (length < FOOTER_BYTES) {
            throw new Damaged("it is " + length + " bytes, shorter than an object's footer");
        }
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES);
        readFully(channel, footer, length - FOOTER_BYTES);
        byte[] magic = new byte[MAGIC.length];
        footer.flip().get(magic);
        long metadataLength = footer.getLong();
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Damaged("it does not end with an object's footer");
        }
        if (metadataLength <= 0 || metadataLength > MAX_METADATA_BYTES || metadataLength > length - FOOTER_BYTES) {
            throw new Damaged("its footer names " + metadataLength + " bytes of metadata");
        }
        ByteBuffer json = ByteBuffer.allocate((int) metadataLength);
        long size = length - FOOTER_BYTES - metadataLength;
        readFully(channel, json, size);
        Metadata metadata;
        try {
            metadata = JSON.readValue(json.array(), Metadata.class);
        } catch (IOException e) {
            throw new Damaged("its metadata is not valid: " + e.getMessage());
        }
        if (metadata.size() != size || metadata.key() == null || metadata.etag() == null) {
            throw new Damaged("its metadata does not match its " + size + " bytes");
        }
        return metadata;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                throw new IOException("the file ended early");
            }
        }
    }

    /** Deletes the object; a missing one is fine. */
    void delete() throws IOException {
        if (Files.deleteIfExists(file)) {
            FileStore.forceDirectory(file.getParent());
        }
    }

    static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file that is not an object's. */
    static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        Damaged(String message) {
            super(message, null, false, false);
        }
    }
}
