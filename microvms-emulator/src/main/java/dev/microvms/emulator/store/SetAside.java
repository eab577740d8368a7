package dev.microvms.emulator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a state file the emulator cannot use (unreadable, or a record whose parent is gone) out of the
 * way, as {@code <name>.corrupt-<time>} next to it, so that the emulator starts without it and nothing is
 * lost: the file is still there to look at, fix and move back.
 */
public final class SetAside {
    private static final Logger LOG = LoggerFactory.getLogger(SetAside.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SetAside() {}

    /**
     * Sets a file aside and logs a line that names it and says why.
     *
     * @param file the file
     * @param why what is wrong with it, such as {@code it cannot be read: ...}
     * @return where it is now
     * @throws IOException when it cannot be renamed
     */
    public static Path file(Path file, String why) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
        Files.move(file, aside);
        LOG.warn(
                "{} is set aside as {} ({}). The emulator goes on without it; fix it and move it back while the"
                        + " emulator is stopped, or delete it.",
                file,
                aside.getFileName(),
                why);
        return aside;
    }

    /** @return true when the file's name marks one set aside before */
    public static boolean isSetAside(Path file) {
        return file.getFileName().toString().contains(".corrupt-");
    }
}
