package dev.microvms.emulator.s3;

import dev.microvms.emulator.store.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What a bucket is besides its objects: its Region, its default encryption and its public access block,
 * kept as {@code <dir>/_buckets/<bucket>.properties} (no bucket name starts with an underscore), written
 * crash-safely like the objects. A bucket made before these were kept, or made without them, has what S3
 * gives a new bucket since 2023: SSE-S3 (AES256) and every public access blocked.
 */
public final class BucketSettings {
    private final Path dir;

    /** @param s3Dir the directory the buckets live in */
    public BucketSettings(Path s3Dir) {
        this.dir = s3Dir.resolve("_buckets");
    }

    /**
     * A bucket's settings.
     *
     * @param region its Region
     * @param sseAlgorithm its default encryption: {@code AES256}, {@code aws:kms} or {@code aws:kms:dsse}
     * @param kmsKeyId the KMS key of {@code aws:kms}, if named
     * @param bucketKeyEnabled whether S3 Bucket Keys are on
     * @param blockPublicAcls the public access block's first setting
     * @param ignorePublicAcls the second
     * @param blockPublicPolicy the third
     * @param restrictPublicBuckets the fourth
     */
    public record Settings(
            String region,
            String sseAlgorithm,
            @Nullable String kmsKeyId,
            boolean bucketKeyEnabled,
            boolean blockPublicAcls,
            boolean ignorePublicAcls,
            boolean blockPublicPolicy,
            boolean restrictPublicBuckets) {

        /** @return what S3 gives a new bucket in the region */
        public static Settings newBucket(String region) {
            return new Settings(region, "AES256", null, false, true, true, true, true);
        }

        Settings withEncryption(String algorithm, @Nullable String keyId, boolean bucketKey) {
            return new Settings(
                    region,
                    algorithm,
                    keyId,
                    bucketKey,
                    blockPublicAcls,
                    ignorePublicAcls,
                    blockPublicPolicy,
                    restrictPublicBuckets);
        }

        Settings withPublicAccessBlock(boolean acls, boolean ignore, boolean policy, boolean restrict) {
            return new Settings(region, sseAlgorithm, kmsKeyId, bucketKeyEnabled, acls, ignore, policy, restrict);
        }
    }

    /**
     * @param bucket a bucket that exists
     * @param fallbackRegion the Region of a bucket made before Regions were kept
     * @return its settings
     */
    public synchronized Settings get(String bucket, String fallbackRegion) {
        Path file = file(bucket);
        if (!Files.isRegularFile(file)) {
            return Settings.newBucket(fallbackRegion);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the settings of bucket " + bucket + " in " + file, e);
        }
        return new Settings(
                p.getProperty("region", fallbackRegion),
                p.getProperty("sseAlgorithm", "AES256"),
                p.getProperty("kmsKeyId"),
                Boolean.parseBoolean(p.getProperty("bucketKeyEnabled", "false")),
                Boolean.parseBoolean(p.getProperty("blockPublicAcls", "true")),
                Boolean.parseBoolean(p.getProperty("ignorePublicAcls", "true")),
                Boolean.parseBoolean(p.getProperty("blockPublicPolicy", "true")),
                Boolean.parseBoolean(p.getProperty("restrictPublicBuckets", "true")));
    }

    /** Keeps a bucket's settings. */
    public synchronized void put(String bucket, Settings s) {
        Properties p = new Properties();
        p.setProperty("region", s.region());
        p.setProperty("sseAlgorithm", s.sseAlgorithm());
        if (s.kmsKeyId() != null) {
            p.setProperty("kmsKeyId", s.kmsKeyId());
        }
        p.setProperty("bucketKeyEnabled", String.valueOf(s.bucketKeyEnabled()));
        p.setProperty("blockPublicAcls", String.valueOf(s.blockPublicAcls()));
        p.setProperty("ignorePublicAcls", String.valueOf(s.ignorePublicAcls()));
        p.setProperty("blockPublicPolicy", String.valueOf(s.blockPublicPolicy()));
        p.setProperty("restrictPublicBuckets", String.valueOf(s.restrictPublicBuckets()));
        try {
            Files.createDirectories(dir);
            StringWriter text = new StringWriter();
            p.store(text, null);
            FileStore.writeAtomically(file(bucket), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the settings of bucket " + bucket + " under " + dir, e);
        }
    }

    private Path file(String bucket) {
        return dir.resolve(bucket + ".properties");
    }
}
