package dev.microvms.emulator.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buckets and objects of the S3 subset, as files: {@code <dir>/<bucket>/<sha-256 of the key>.obj},
 * each one file holding the object's bytes followed by its metadata (key, ETag, content type), so that a
 * PUT replaces bytes and metadata together with one atomic rename, and a reader that opened the file sees
 * one PUT's object whatever happens next. Keys of up to S3's 1,024 bytes fit, since file names are hashes.
 * A file that cannot be read is set aside as {@code *.corrupt-<time>} with a log line that names it.
 */
public final class S3Objects {
    /** S3's largest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    /** S3's largest object in one PUT: 5 GiB. */
    public static final long MAX_OBJECT_BYTES = 5L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(S3Objects.class);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Path dir;

    /**
     * Opens the objects under {@code dir}: uploads a stop cut short are removed, objects kept the old way
     * (a data file and a {@code .meta} sidecar) are rewritten as one file, and unreadable files are set
     * aside.
     *
     * @param dir the directory buckets live in
     */
    public S3Objects(Path dir) {
        this.dir = dir;
        try {
            new StoredObjects(dir).recover();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the S3 objects under " + dir, e);
        }
    }

    /**
     * An object's metadata.
     *
     * @param key the key
     * @param size its size in bytes
     * @param etag its ETag, quoted
     * @param contentType its content type
     * @param lastModified when it was written, in epoch milliseconds
     */
    public record S3Object(String key, long size, String etag, String contentType, long lastModified) {}

    /** @return true when the name is a valid bucket name, by S3's rules */
    static boolean validBucketName(String bucket) {
        return BUCKET.matcher(bucket).matches()
                && !bucket.contains("..")
                && !bucket.contains(".-")
                && !bucket.contains("-.")
                && !IP_ADDRESS.matcher(bucket).matches()
                && !bucket.startsWith("xn--")
                && !bucket.startsWith("sthree-")
                && !bucket.endsWith("-s3alias")
                && !bucket.endsWith("--ol-s3")
                && !bucket.endsWith(".mrap")
                && !bucket.endsWith("--x-s3");
    }

    /** @return true when the key is not longer than S3 allows */
    static boolean validKey(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
    }

    /** @return true when the bucket exists */
    public boolean bucketExists(String bucket) {
        return validBucketName(bucket) && Files.isDirectory(dir.resolve(bucket));
    }

    /** Creates a bucket; creating one that exists does nothing. */
    public void createBucket(String bucket) {
        if (!validBucketName(bucket)) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name");
        }
        try {
            Files.createDirectories(dir.resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create bucket " + bucket + " under " + dir, e);
        }
    }

    /**
     * Starts storing an object: its bytes go to a file of their own until {@link Upload#commit()} puts it
     * in place, so that an upload that fails or is abandoned changes nothing.
     *
     * @param bucket an existing bucket
     * @param key the key, at most {@link #MAX_KEY_BYTES} bytes
     * @param contentType its content type, or null for {@code binary/octet-stream}
     * @return the upload
     * @throws IOException when its file cannot be made
     */
    public Upload upload(String bucket, String key, @Nullable String contentType) throws IOException {
        if (!bucketExists(bucket)) {
            throw new NoSuchFileException(dir.resolve(bucket).toString(), null, "no such bucket");
        }
        if (!validKey(key)) {
            throw new IllegalArgumentException("an S3 key is at most " + MAX_KEY_BYTES + " bytes");
        }
        return new Upload(
                ObjectFile.of(dir.resolve(bucket), key),
                key,
                contentType == null ? "binary/octet-stream" : contentType,
                MAX_OBJECT_BYTES);
    }

    /** Stores an object whole, replacing any with the same key. */
    public S3Object put(String bucket, String key, byte[] content, @Nullable String contentType) {
        try {
            Upload upload = upload(bucket, key, contentType);
            try {
                upload.write(ByteBuffer.wrap(content));
                return upload.commit();
            } finally {
                upload.abandon();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store s3://" + bucket + "/" + key, e);
        }
    }

    /** @return the object's metadata, or null when there is none */
    public @Nullable S3Object get(String bucket, String key) {
        try (OpenObject open = open(bucket, key)) {
            return open == null ? null : open.object();
        }
    }

    /**
     * Opens an object for reading: what the caller then reads is this object's bytes, whatever PUT or
     * DELETE comes next.
     *
     * @return the open object, to be closed, or null when there is none (or its file was set aside)
     */
    public @Nullable OpenObject open(String bucket, String key) {
        if (!bucketExists(bucket) || !validKey(key)) {
            return null;
        }
        return ObjectFile.of(dir.resolve(bucket), key).open(key);
    }

    /** Deletes an object; deleting a missing one does nothing. */
    public void delete(String bucket, String key) {
        if (!bucketExists(bucket) || !validKey(key)) {
            return;
        }
        try {
            ObjectFile.of(dir.resolve(bucket), key).delete();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete s3://" + bucket + "/" + key, e);
        }
    }

    /** @return the bucket's objects whose key starts with the prefix, sorted by key */
    public List<S3Object> list(String bucket, String prefix) {
        List<S3Object> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(bucket), "*" + ObjectFile.SUFFIX)) {
            for (Path file : files) {
                try (OpenObject open = new ObjectFile(file).open(null)) {
                    if (open != null && open.object().key().startsWith(prefix)) {
                        found.add(open.object());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list bucket " + bucket, e);
        }
        found.sort(Comparator.comparing(S3Object::key));
        return found;
    }

    /** An object opened for reading; close it when done. */
    public static final class OpenObject implements AutoCloseable {
        private final S3Object object;
        private final FileChannel channel;

        OpenObject(S3Object object, FileChannel channel) {
            this.object = object;
            this.channel = channel;
        }

        /** @return its metadata */
        public S3Object object() {
            return object;
        }

        /** @return the open file, whose first {@code object().size()} bytes are the object's */
        public FileChannel channel() {
            return channel;
        }

        /** @return the object's bytes as a stream; closing it closes this */
        public java.io.InputStream stream() {
            return new BoundedInputStream(java.nio.channels.Channels.newInputStream(channel), object.size());
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing an object's file failed", e);
            }
        }
    }

    static FileChannel openForReading(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}
