package dev.microvms.emulator.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Tells a full disk from other failures: the JDK reports ENOSPC and EDQUOT only in an exception's message. */
public final class DiskSpace {
    /** Below this many free bytes, a disk counts as full for a build. */
    private static final long NEARLY_FULL = 1 << 20;

    private DiskSpace() {}

    /** @return true when the failure, or one of its causes, is a full disk or an exhausted quota */
    public static boolean isFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("no space left on device") || m.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return true when the file system that holds {@code path} has (nearly) no space left */
    public static boolean isFull(Path path) {
        return usableBytes(path) < NEARLY_FULL;
    }

    /** @return the bytes free for this process on the file system that holds {@code path}, or MAX_VALUE when unknown */
    static long usableBytes(Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
