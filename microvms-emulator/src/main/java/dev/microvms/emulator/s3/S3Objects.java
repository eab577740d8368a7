package dev.microvms.emulator.s3;

import dev.microvms.emulator.store.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The buckets and objects of the S3 subset, as files: {@code <dir>/<bucket>/<encoded key>} with a
 * properties sidecar for the ETag and content type. Objects are written crash-safely, like the store.
 */
public final class S3Objects {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
    private final Path dir;

    /** @param dir the directory buckets live in */
    public S3Objects(Path dir) {
        this.dir = dir;
    }

    /**
     * An object's metadata.
     *
     * @param key the key
     * @param size its size in bytes
     * @param etag its ETag, quoted
     * @param contentType its content type
     * @param file where its bytes are
     * @param lastModified when it was written, in epoch milliseconds
     */
    public record S3Object(String key, long size, String etag, String contentType, Path file, long lastModified) {}

    /** @return true when the name is a valid bucket name */
    static boolean validBucketName(String bucket) {
        return BUCKET.matcher(bucket).matches() && !bucket.contains("..");
    }

    /** @return true when the bucket exists */
    public boolean bucketExists(String bucket) {
        return validBucketName(bucket) && Files.isDirectory(dir.resolve(bucket));
    }

    /** Creates a bucket; creating one that exists does nothing. */
    public void createBucket(String bucket) {
        try {
            Files.createDirectories(dir.resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create bucket " + bucket + " under " + dir, e);
        }
    }

    /** Stores an object, replacing any with the same key. */
    public S3Object put(String bucket, String key, byte[] content, @Nullable String contentType) {
        Path data = dir.resolve(bucket).resolve(encode(key));
        String etag = "\"" + HexFormat.of().formatHex(md5(content)) + "\"";
        Properties meta = new Properties();
        meta.setProperty("key", key);
        meta.setProperty("etag", etag);
        meta.setProperty("contentType", contentType == null ? "binary/octet-stream" : contentType);
        try {
            FileStore.writeAtomically(data, content);
            java.io.StringWriter text = new java.io.StringWriter();
            meta.store(text, null);
            FileStore.writeAtomically(metaFile(data), text.toString().getBytes(StandardCharsets.UTF_8));
            return describe(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store s3://" + bucket + "/" + key, e);
        }
    }

    /** @return the object, or null when there is none */
    public @Nullable S3Object get(String bucket, String key) {
        if (!bucketExists(bucket)) {
            return null;
        }
        Path data = dir.resolve(bucket).resolve(encode(key));
        if (!Files.isRegularFile(data)) {
            return null;
        }
        try {
            return describe(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read s3://" + bucket + "/" + key, e);
        }
    }

    /** Deletes an object; deleting a missing one does nothing. */
    public void delete(String bucket, String key) {
        Path data = dir.resolve(bucket).resolve(encode(key));
        try {
            Files.deleteIfExists(metaFile(data));
            Files.deleteIfExists(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete s3://" + bucket + "/" + key, e);
        }
    }

    /** @return the bucket's objects whose key starts with the prefix, sorted by key */
    public List<S3Object> list(String bucket, String prefix) {
        List<S3Object> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve(bucket))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".meta") || name.contains(".tmp-")) {
                    continue;
                }
                S3Object object = describe(file);
                if (object.key().startsWith(prefix)) {
                    found.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list bucket " + bucket, e);
        }
        found.sort(java.util.Comparator.comparing(S3Object::key));
        return found;
    }

    private static S3Object describe(Path data) throws IOException {
        Properties meta = new Properties();
        Path metaFile = metaFile(data);
        if (Files.exists(metaFile)) {
            try (var in = Files.newInputStream(metaFile)) {
                meta.load(in);
            }
        }
        String key = meta.getProperty("key", decode(data.getFileName().toString()));
        String etag = meta.getProperty("etag");
        if (etag == null) {
            etag = "\"" + HexFormat.of().formatHex(md5(Files.readAllBytes(data))) + "\"";
        }
        return new S3Object(
                key,
                Files.size(data),
                etag,
                meta.getProperty("contentType", "binary/octet-stream"),
                data,
                Files.getLastModifiedTime(data).toMillis());
    }

    private static Path metaFile(Path data) {
        return data.resolveSibling(data.getFileName() + ".meta");
    }

    /** Keys may hold any character; file names hold them base64url-encoded. */
    private static String encode(String key) {
        return "o-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String name) {
        return new String(Base64.getUrlDecoder().decode(name.substring(2)), StandardCharsets.UTF_8);
    }

    private static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
