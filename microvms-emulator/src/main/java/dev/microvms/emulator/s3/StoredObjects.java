package dev.microvms.emulator.s3;

import dev.microvms.emulator.store.SetAside;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the S3 directory to a known state before the emulator serves it: removes uploads a stop cut
 * short, rewrites objects kept by earlier versions (a data file {@code o-<base64 key>} and a {@code .meta}
 * sidecar) as one file each, and sets aside files that cannot be read.
 */
final class StoredObjects {
    private static final Logger LOG = LoggerFactory.getLogger(StoredObjects.class);
    private static final String OLD_PREFIX = "o-";
    private static final String OLD_META = ".meta";

    private final Path dir;

    StoredObjects(Path dir) {
        this.dir = dir;
    }

    void recover() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> buckets = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path bucket : buckets) {
                recoverBucket(bucket);
            }
        }
    }

    private void recoverBucket(Path bucket) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(bucket)) {
            listed.forEach(files::add);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (SetAside.isSetAside(file)) {
                continue;
            }
            if (name.contains(".tmp-")) {
                // An upload or a write that a stop cut short: the object it was replacing is whole.
                Files.deleteIfExists(file);
            } else if (name.endsWith(ObjectFile.SUFFIX)) {
                // Opening checks it, and sets it aside when it cannot be read.
                S3Objects.OpenObject open = new ObjectFile(file).open(null);
                if (open != null) {
                    open.close();
                }
            } else if (name.startsWith(OLD_PREFIX) && !name.endsWith(OLD_META)) {
                migrate(bucket, file);
            }
        }
        try (DirectoryStream<Path> sidecars = Files.newDirectoryStream(bucket, OLD_PREFIX + "*" + OLD_META)) {
            for (Path sidecar : sidecars) {
                SetAside.file(sidecar, "it describes an object whose data file is gone");
            }
        }
    }

    /** Rewrites an object kept the old way as one file; its ETag is computed again from its bytes. */
    private static void migrate(Path bucket, Path data) throws IOException {
        String key;
        try {
            key = new String(
                    Base64.getUrlDecoder().decode(data.getFileName().toString().substring(OLD_PREFIX.length())),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            SetAside.file(data, "an object file of an earlier version whose name is not a base64 key");
            return;
        }
        Path sidecar = data.resolveSibling(data.getFileName() + OLD_META);
        String contentType = oldContentType(sidecar);
        Upload upload = new Upload(ObjectFile.of(bucket, key), key, contentType, Long.MAX_VALUE);
        try (InputStream in = Files.newInputStream(data)) {
            byte[] buffer = new byte[64 << 10];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                upload.write(ByteBuffer.wrap(buffer, 0, n));
            }
            upload.commit();
        } finally {
            upload.abandon();
        }
        Files.deleteIfExists(sidecar);
        Files.delete(data);
        LOG.info("Rewrote the S3 object {} of bucket {} in the one-file form", key, bucket.getFileName());
    }

    private static String oldContentType(Path sidecar) {
        if (!Files.exists(sidecar)) {
            return "binary/octet-stream";
        }
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(sidecar)) {
            meta.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "{} cannot be read ({}); its object keeps its bytes, with the default content type",
                    sidecar,
                    e.toString());
            return "binary/octet-stream";
        }
        String type = meta.getProperty("contentType", "binary/octet-stream");
        return type.isBlank() || type.length() > 1024 ? "binary/octet-stream" : type;
    }
}
