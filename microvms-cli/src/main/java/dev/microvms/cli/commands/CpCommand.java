package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.sdk.FileInfo;
import dev.microvms.sdk.MicrovmFileException;
import dev.microvms.sdk.MicrovmFiles;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.Sandbox;
import dev.microvms.sdk.SandboxOptions;
import dev.microvms.sdk.SandboxTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cp}: files and directory trees into and out of a MicroVM. */
@Command(
        name = "cp",
        mixinStandardHelpOptions = true,
        description = {
            "Copy a file or a directory tree into or out of a MicroVM; write the MicroVM's side as ID:/path.",
            "When DEST is an existing directory (or ends with /), SRC goes inside it under its own name; otherwise"
                    + " DEST is the copy's new name. Bytes arrive exactly (checked with SHA-256 over the shell),"
                    + " permission bits and links in trees are kept.",
            "It goes through the guest library's agent when the image declares one, else through the shell (needs"
                    + " SHELL_INGRESS).",
            "Examples: cp ./data microvm-1:/tmp/data    cp microvm-1:/app/logs ./logs    cp report.pdf"
                    + " microvm-1:/tmp/",
        },
        sortOptions = false)
public final class CpCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "SRC", description = "A local path, or ID:/path inside a MicroVM.")
    String source = "";

    @Parameters(index = "1", paramLabel = "DEST", description = "A local path, or ID:/path inside a MicroVM.")
    String destination = "";

    @Option(
            names = "--transport",
            paramLabel = "auto|shell|agent",
            description = "How to reach inside (default: ${DEFAULT-VALUE}: the agent when the image declares it).")
    SandboxTransport transport = SandboxTransport.AUTO;

    @Option(
            names = {"-q", "--quiet"},
            description = "Say nothing on stderr when done.")
    boolean quiet;

    /** @param context this run's context */
    public CpCommand(CliContext context) {
        this.context = context;
    }

    /** One side of the copy: a MicroVM's path, or a local one. */
    record Location(@Nullable String microvmId, String path) {
        static Location parse(String text) {
            int colon = text.indexOf(':');
            if (colon > 0
                    && text.substring(0, colon).indexOf('/') < 0
                    && text.substring(0, colon).indexOf('\\') < 0
                    && colon > 1) {
                String path = text.substring(colon + 1);
                if (path.isEmpty()) {
                    throw new UsageException("'" + text + "' names a MicroVM but no path in it; write it as "
                            + text.substring(0, colon) + ":/path.");
                }
                return new Location(text.substring(0, colon), path);
            }
            return new Location(null, text);
        }

        boolean remote() {
            return microvmId != null;
        }
    }

    @Override
    public Integer call() {
        Location from = Location.parse(source);
        Location to = Location.parse(destination);
        if (from.remote() == to.remote()) {
            throw new UsageException(
                    from.remote()
                            ? "Both SRC and DEST are inside MicroVMs; copy to this machine first, then on."
                            : "Neither SRC nor DEST names a MicroVM; write one of them as MICROVM-ID:/path.");
        }
        String id = from.remote() ? from.microvmId() : to.microvmId();
        long started = System.nanoTime();
        try (Microvms microvms = connection.open(context);
                Sandbox sandbox = microvms.microvm(id)
                        .sandbox(SandboxOptions.builder().transport(transport).build())) {
            MicrovmFiles files = sandbox.files();
            if (to.remote()) {
                Path local = Path.of(from.path());
                if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                    throw new UsageException("There is no " + local + " here to copy.");
                }
                String target = remoteTarget(
                        files, to.path(), local.toAbsolutePath().normalize().getFileName());
                files.upload(local, target);
                report(local, id + ":" + target, sandbox, started);
            } else {
                Path target = localTarget(Path.of(to.path()), from.path());
                files.download(from.path(), target);
                report(target, id + ":" + from.path(), sandbox, started);
            }
            return ExitCodes.OK;
        } catch (MicrovmFileException e) {
            context.err().println("Error: " + e.getMessage());
            return ExitCodes.SERVICE_ERROR;
        }
    }

    private static String remoteTarget(MicrovmFiles files, String dest, @Nullable Path name) {
        String base = name == null ? "" : name.toString();
        if (dest.endsWith("/")) {
            return dest + base;
        }
        try {
            FileInfo info = files.stat(dest);
            return info.isDirectory() ? dest + "/" + base : dest;
        } catch (MicrovmFileException e) {
            if (e.reason() == MicrovmFileException.Reason.NOT_FOUND) {
                return dest;
            }
            throw e;
        }
    }

    private static Path localTarget(Path dest, String remote) {
        String r = remote;
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        String name = r.substring(r.lastIndexOf('/') + 1);
        return Files.isDirectory(dest) || dest.toString().endsWith("/") ? dest.resolve(name) : dest;
    }

    private void report(Path local, String remote, Sandbox sandbox, long started) {
        if (quiet) {
            return;
        }
        long bytes = size(local);
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        context.err()
                .println(String.format(
                        Locale.ROOT,
                        "Copied %s (%.1f MB) in %.1f s, %.1f MB/s, over the %s.",
                        remote,
                        bytes / 1e6,
                        seconds,
                        bytes / 1e6 / seconds,
                        sandbox.transport().name().toLowerCase(Locale.ROOT)));
    }

    private static long size(Path local) {
        try (Stream<Path> walk = Files.walk(local)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
