package dev.microvms.emulator.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.s3.S3Objects;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code artifacts: where they may be read from, and how far they may unpack. */
class ArtifactsTest {
    private static final Artifacts.Limits SMALL = new Artifacts.Limits(1 << 20, 10, 100, 64 << 10);

    @TempDir
    Path dir;

    @Test
    void archiveWithinTheLimits_unpacks() throws Exception {
        Artifacts.unzip(in(zip(10, 1000, false)), dir.resolve("out"), SMALL);

        assertThat(dir.resolve("out/f9")).hasSize(1000);
    }

    @Test
    void tooManyEntries_isArchiveInvalid() {
        assertFailure(() -> Artifacts.unzip(in(zip(11, 10, false)), dir.resolve("out"), SMALL), "ARCHIVE_INVALID")
                .hasMessageContaining("more than 10 entries");
    }

    @Test
    void moreBytesThanABuildsDisk_isDiskStorageFull() {
        assertFailure(() -> Artifacts.unzip(in(zip(2, 600_000, true)), dir.resolve("out"), SMALL), "DISK_STORAGE_FULL")
                .hasMessageContaining("more than 1048576 bytes");
    }

    @Test
    void zipBomb_isArchiveInvalidByItsRatio() {
        Artifacts.Limits roomy = new Artifacts.Limits(1L << 30, 10, 100, 64 << 10);

        assertFailure(() -> Artifacts.unzip(in(zip(1, 8 << 20, false)), dir.resolve("out"), roomy), "ARCHIVE_INVALID")
                .hasMessageContaining("zip bomb");
    }

    @Test
    void archiveCutShortAnywhere_isArchiveInvalid() throws IOException {
        byte[] zip = zip(3, 2_000, true);

        for (int length = 1; length < zip.length; length++) {
            byte[] cut = Arrays.copyOf(zip, length);
            assertFailure(
                    () -> Artifacts.unzip(in(cut), Files.createTempDirectory(dir, "out"), SMALL), "ARCHIVE_INVALID");
        }
    }

    @Test
    void fileUris_areRefusedOutsideTheAllowedDirectories_withoutLookingAtTheFile() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Files.write(allowed.resolve("app.zip"), zip(1, 10, false));
        Files.createSymbolicLink(allowed.resolve("escape.zip"), Path.of("/etc/passwd"));
        S3Objects s3 = new S3Objects(Files.createDirectories(dir.resolve("s3")));

        try (InputStream ok = Artifacts.open(allowed.resolve("app.zip").toUri().toString(), s3, List.of(allowed))) {
            assertThat(ok.readAllBytes()).isNotEmpty();
        }
        assertFailure(() -> Artifacts.open("file:///etc/passwd", s3, List.of(allowed)), "S3_ACCESS_DENIED");
        assertFailure(() -> Artifacts.open("file:///etc/passwd", s3, List.of()), "S3_ACCESS_DENIED");
        assertFailure(
                () -> Artifacts.open(allowed.resolve("escape.zip").toUri().toString(), s3, List.of(allowed)),
                "S3_ACCESS_DENIED");
        assertFailure(
                () -> Artifacts.open(
                        allowed.resolve("../allowed/../../x.zip").toUri().toString(), s3, List.of(allowed)),
                "S3_ACCESS_DENIED");
        assertFailure(
                () -> Artifacts.open(allowed.resolve("missing.zip").toUri().toString(), s3, List.of(allowed)),
                "S3_NO_SUCH_KEY");
    }

    interface Call {
        void run() throws Exception;
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
            Call call, String code) {
        return assertThatThrownBy(call::run)
                .isInstanceOf(Artifacts.Failure.class)
                .satisfies(f -> assertThat(((Artifacts.Failure) f).code).isEqualTo(code));
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** @return a zip of {@code entries} files of {@code size} bytes each, of zeros or of random bytes */
    private static byte[] zip(int entries, int size, boolean random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                byte[] content = new byte[size];
                if (random) {
                    new Random(i).nextBytes(content);
                }
                zip.write(content);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
