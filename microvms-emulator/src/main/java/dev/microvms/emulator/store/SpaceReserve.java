package dev.microvms.emulator.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of 1 MiB kept beside the store, made at start when there is room (and again once there is after
 * it was used), and deleted when the disk is full so that the store's next write lands: enough for the
 * few small records that mark a build failed.
 */
final class SpaceReserve {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReserve.class);
    private static final int BYTES = 1 << 20;
    /** How much room the disk must have before the reserve is made again. */
    private static final long ROOM_TO_RESTORE = 8L * BYTES;

    private final Path file;

    SpaceReserve(Path file) {
        this.file = file;
        make();
    }

    private void make() {
        if (Files.exists(file)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-reserve");
        try {
            try (FileChannel out = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(BYTES);
                while (zeros.hasRemaining()) {
                    out.write(zeros);
                }
                out.force(true);
            }
            Files.move(tmp, file);
        } catch (IOException e) {
            LOG.warn("Cannot keep {} bytes in reserve at {}: {}", BYTES, file, e.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to free
            }
        }
    }

    /**
     * Makes the reserve again after it was given up, once the disk has room for it and more (the files of
     * the build that filled it were removed, say), so that the next full disk finds one too.
     */
    void restore() {
        if (!Files.exists(file) && DiskSpace.usableBytes(file.getParent()) > ROOM_TO_RESTORE) {
            make();
        }
    }

    /**
     * Gives up the reserve, so that a write on a full disk can land.
     *
     * @param forWhat what is to be written, for the log
     * @return true when there was a reserve to give up
     */
    synchronized boolean release(String forWhat) {
        try {
            if (!Files.deleteIfExists(file)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        FileStore.forceDirectory(file.getParent());
        LOG.warn(
                "The disk of {} is full; the emulator gave up its reserve of {} bytes to record {}. Free space on"
                        + " it; the next start makes a new reserve.",
                file.getParent(),
                BYTES,
                forWhat);
        return true;
    }
}
