package dev.microvms.emulator.builder;

import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.s3.S3Objects;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Fetches a code artifact ({@code s3://bucket/key} from the S3 subset, or {@code file:///path.zip}) and
 * unzips it, refusing entries that would land outside the target (zip slip). Failures carry the
 * service's build failure codes.
 */
final class Artifacts {
    private Artifacts() {}

    /** A build failure with its code, for {@link BuildResult#failure}. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Failure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** @return the artifact's zip, open for reading */
    static InputStream open(String uri, S3Objects s3) throws Failure, IOException {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new Failure("ARCHIVE_INVALID", "The code artifact URI '" + uri + "' is not a valid URI.");
        }
        if ("s3".equals(parsed.getScheme())) {
            String bucket = parsed.getHost();
            String key = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
            if (bucket == null || !s3.bucketExists(bucket)) {
                throw new Failure(
                        "S3_NO_SUCH_BUCKET",
                        "The code artifact's bucket " + bucket + " does not exist."
                                + " Create it and upload the artifact to the emulator's S3 (the same endpoint).");
            }
            S3Objects.OpenObject object = s3.open(bucket, key);
            if (object == null) {
                throw new Failure(
                        "S3_NO_SUCH_KEY", "The code artifact s3://" + bucket + "/" + key + " does not exist.");
            }
            return object.stream();
        }
        if ("file".equals(parsed.getScheme())) {
            Path file = Path.of(parsed);
            if (!Files.isRegularFile(file)) {
                throw new Failure("S3_NO_SUCH_KEY", "The code artifact " + file + " does not exist.");
            }
            return Files.newInputStream(file);
        }
        throw new Failure(
                "ARCHIVE_INVALID",
                "The code artifact URI '" + uri
                        + "' must be s3://bucket/key (uploaded to the emulator's S3) or file:///absolute/path.zip.");
    }

    /** Unzips an archive into an empty directory. */
    static void unzip(InputStream in, Path target) throws Failure, IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        int entries = 0;
        try (ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                entries++;
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new Failure(
                            "ARCHIVE_INVALID", "The code artifact has an entry outside its root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (ZipException e) {
            throw new Failure("ARCHIVE_INVALID", "The code artifact is not a valid zip archive: " + e.getMessage());
        }
        if (entries == 0) {
            throw new Failure("ARCHIVE_INVALID", "The code artifact is not a zip archive, or it is empty.");
        }
    }
}
