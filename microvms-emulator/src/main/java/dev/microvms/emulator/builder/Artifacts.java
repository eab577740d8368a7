package dev.microvms.emulator.builder;

import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.s3.S3Objects;
import dev.microvms.emulator.store.DiskSpace;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Fetches a code artifact ({@code s3://bucket/key} from the S3 subset, or {@code file:///path.zip} under a
 * directory the emulator was told it may read) and unzips it within limits: entries must stay inside the
 * target (zip slip), and the archive may not unpack to too many bytes, too many entries, or too many
 * bytes for its size (a zip bomb). Failures carry the service's build failure codes.
 */
final class Artifacts {
    private Artifacts() {}

    /**
     * How far an archive may unpack.
     *
     * @param maxBytes the most bytes its files may hold together
     * @param maxEntries the most entries it may have
     * @param maxRatio the most bytes unpacked per byte of archive, checked once {@code ratioFreeBytes} are
     *     unpacked
     * @param ratioFreeBytes how many bytes may unpack before the ratio counts (small archives of text or
     *     zeros are legitimately dense)
     */
    record Limits(long maxBytes, int maxEntries, int maxRatio, long ratioFreeBytes) {
        /**
         * 4 GiB, 100,000 entries, and 100:1 past the first 100 MiB. A zip of source, jars and assets
         * unpacks to a few times its size; a zip bomb of zeros to about a thousand times.
         */
        static final Limits DEFAULT = new Limits(4L << 30, 100_000, 100, 100L << 20);
    }

    /** A build failure with its code, for {@link BuildResult#failure}. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Failure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /**
     * Opens the artifact's zip.
     *
     * @param uri the code artifact's URI
     * @param s3 where {@code s3://} artifacts are read from
     * @param fileDirectories the directories {@code file://} artifacts may be read from
     * @return the zip's bytes, to be closed
     */
    static InputStream open(String uri, S3Objects s3, List<Path> fileDirectories) throws Failure, IOException {
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
            return Files.newInputStream(allowedFile(uri, parsed, fileDirectories));
        }
        throw new Failure(
                "ARCHIVE_INVALID",
                "The code artifact URI '" + uri
                        + "' must be s3://bucket/key (uploaded to the emulator's S3, on the same endpoint).");
    }

    /**
     * A {@code file://} artifact is read only under a directory the emulator was started with. Whether
     * the file exists is checked only there, so that a URI cannot probe the rest of the machine.
     */
    private static Path allowedFile(String uri, URI parsed, List<Path> directories) throws Failure, IOException {
        Failure refused = new Failure(
                "S3_ACCESS_DENIED",
                "The code artifact " + uri + " is a local file, and this emulator reads local files only under"
                        + " directories it was started with (--artifact-dir DIR, or Emulator.Builder"
                        + ".artifactDirectory); the service reads artifacts from S3 only. Upload the zip to the"
                        + " emulator's S3 on the same endpoint, or start the emulator with --artifact-dir.");
        Path file;
        try {
            file = Path.of(parsed).normalize();
        } catch (IllegalArgumentException e) {
            throw refused;
        }
        for (Path directory : directories) {
            if (file.startsWith(directory)) {
                Path real;
                try {
                    real = file.toRealPath();
                } catch (NoSuchFileException e) {
                    throw new Failure("S3_NO_SUCH_KEY", "The code artifact " + file + " does not exist.");
                }
                if (real.startsWith(directory.toRealPath()) && Files.isRegularFile(real)) {
                    return real;
                }
            }
        }
        throw refused;
    }

    /** Unzips an archive into an empty directory, within the limits. */
    static void unzip(InputStream archive, Path target, Limits limits) throws Failure, IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        ArchiveStream counted = new ArchiveStream(archive);
        Unpacked unpacked = new Unpacked(limits, counted);
        try (ZipInputStream z = new ZipInputStream(counted)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                unpacked.entry();
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new Failure(
                            "ARCHIVE_INVALID", "The code artifact has an entry outside its root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    copy(z, out, unpacked);
                }
            }
            // A zip read as a stream seems to end well when it is cut between two entries: only its end
            // record, after the central directory, shows that it is whole.
            counted.drain();
            if (unpacked.entries > 0 && !counted.endsWithEndRecord()) {
                throw new EOFException("it has no end record");
            }
        } catch (ZipException | EOFException e) {
            throw new Failure(
                    "ARCHIVE_INVALID",
                    "The code artifact is not a valid zip archive (" + e.getMessage()
                            + "); it may be cut short. Upload it again.");
        } catch (IOException e) {
            if (DiskSpace.isFull(e)) {
                throw new Failure(
                        "DISK_STORAGE_FULL",
                        "The disk ran out of space while the code artifact was unpacked (" + unpacked.bytes
                                + " bytes so far). Free space under the emulator's state directory, or make the"
                                + " artifact smaller.");
            }
            throw e;
        }
        if (unpacked.entries == 0) {
            throw new Failure("ARCHIVE_INVALID", "The code artifact is not a zip archive, or it is empty.");
        }
    }

    private static void copy(InputStream in, Path file, Unpacked unpacked) throws IOException, Failure {
        byte[] buffer = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                unpacked.bytes(n);
                out.write(buffer, 0, n);
            }
        }
    }

    /** What an archive has unpacked to so far, checked against the limits as it grows. */
    private static final class Unpacked {
        private final Limits limits;
        private final ArchiveStream archive;
        long bytes;
        int entries;

        Unpacked(Limits limits, ArchiveStream archive) {
            this.limits = limits;
            this.archive = archive;
        }

        void entry() throws Failure {
            if (++entries > limits.maxEntries()) {
                throw new Failure(
                        "ARCHIVE_INVALID",
                        "The code artifact has more than " + limits.maxEntries()
                                + " entries. Leave build outputs and dependencies out of the zip; let the"
                                + " Dockerfile fetch or build them.");
            }
        }

        void bytes(int n) throws Failure {
            bytes += n;
            if (bytes > limits.maxBytes()) {
                throw new Failure(
                        "DISK_STORAGE_FULL",
                        "The code artifact unpacks to more than " + limits.maxBytes()
                                + " bytes, more than a build's disk holds. Make it smaller.");
            }
            if (bytes > limits.ratioFreeBytes() && bytes > (long) limits.maxRatio() * Math.max(1, archive.count)) {
                throw new Failure(
                        "ARCHIVE_INVALID",
                        "The code artifact unpacks to more than " + limits.maxRatio() + " times its size (" + bytes
                                + " bytes from " + archive.count + "): a compression ratio that only a zip bomb"
                                + " has. If its contents are real, ship them uncompressed or generate them in a"
                                + " RUN step.");
            }
        }
    }

    /**
     * The archive's bytes as they are read: counted, for the compression ratio, and the last of them kept,
     * to find the zip's end record.
     */
    private static final class ArchiveStream extends FilterInputStream {
        /** The end record's signature, {@code PK\5\6}, and its size without the comment. */
        private static final int END_SIGNATURE = 0x06054b50;

        private static final int END_BYTES = 22;
        private static final int TAIL_BYTES = END_BYTES + 0xffff;

        private final byte[] tail = new byte[TAIL_BYTES];
        long count;

        ArchiveStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                keep(b, off, n);
            }
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            for (int i = 0; i < n; i++) {
                tail[(int) ((count + i) % TAIL_BYTES)] = b[off + i];
            }
            count += n;
        }

        /** Reads what the zip reader left (its central directory), so that the tail is the archive's end. */
        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) > 0) {
                // kept by read
            }
        }

        /** @return true when the bytes read end with a zip end record (and its comment) */
        boolean endsWithEndRecord() {
            long kept = Math.min(count, TAIL_BYTES);
            for (long from = count - END_BYTES; from >= count - kept; from--) {
                if (int32(from) == END_SIGNATURE && from + END_BYTES + int16(from + 20) == count) {
                    return true;
                }
            }
            return false;
        }

        private int byteAt(long position) {
            return tail[(int) (position % TAIL_BYTES)] & 0xff;
        }

        private int int16(long position) {
            return byteAt(position) | byteAt(position + 1) << 8;
        }

        private int int32(long position) {
            return int16(position) | int16(position + 2) << 16;
        }
    }
}
