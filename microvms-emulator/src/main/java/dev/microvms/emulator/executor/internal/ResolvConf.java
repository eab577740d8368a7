package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The resolver configuration of a sandbox with a user-mode network: its DNS server is the stack's
 * ({@value UserNetwork#DNS}), which forwards to the host's resolver, because the host's own {@code
 * /etc/resolv.conf} often names a resolver on the host's loopback ({@code 127.0.0.53}), which the sandbox
 * cannot reach. Where the host's file is a link (into {@code /run}, say), the file is mounted where the
 * link points, inside the sandbox.
 */
final class ResolvConf {
    private static final Path HOST = Path.of("/etc/resolv.conf");

    private static @Nullable Path written;

    private ResolvConf() {}

    /**
     * @return the bubblewrap arguments that mount the sandbox's resolver configuration
     * @throws IOException when the file cannot be written
     */
    static List<String> binds() throws IOException {
        return List.of("--ro-bind", file().toString(), target().toString());
    }

    /**
     * The file, written once for every sandbox of this JVM: written again for each, it would be replaced
     * under a sandbox that is being started (two emulators in one JVM build at once, say).
     */
    private static synchronized Path file() throws IOException {
        Path file = written;
        if (file == null || !Files.isRegularFile(file)) {
            file = PrivateFiles.write("resolv.conf", "nameserver " + UserNetwork.DNS + "\n");
            written = file;
        }
        return file;
    }

    /** The path the sandbox reads: {@code /etc/resolv.conf}, or where it links to. */
    static Path target() {
        Path target = HOST;
        for (int i = 0; i < 8 && Files.isSymbolicLink(target); i++) {
            try {
                Path parent = target.getParent();
                target = (parent == null ? target : parent)
                        .resolve(Files.readSymbolicLink(target))
                        .normalize();
            } catch (IOException e) {
                return HOST;
            }
        }
        // A missing file in a read-only system directory cannot be mounted on; elsewhere it is made.
        Path found = target;
        boolean inSystemDirectory = SandboxCommand.SYSTEM_DIRS.stream().anyMatch(found::startsWith);
        return Files.exists(found, LinkOption.NOFOLLOW_LINKS) || !inSystemDirectory ? found : HOST;
    }
}
