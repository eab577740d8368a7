package dev.microvms.emulator.executor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to start for one MicroVM.
 *
 * @param id the MicroVM's id, for names of cgroups, sockets and messages
 * @param rootfs the image's file tree for this MicroVM (its own copy): each top-level directory in it is
 *     mounted at that path in the sandbox ({@code rootfs/app} at {@code /app}), over the host's system
 *     directories, which are mounted read-only
 * @param runDir a directory of this MicroVM's own on the host, for sockets and state
 * @param command the argv (ENTRYPOINT and CMD combined), resolved inside the sandbox
 * @param environment the whole environment of the app
 * @param workingDirectory the working directory inside the sandbox, such as {@code /app}
 * @param stdout the file the app's standard output is appended to; the newest {@link
 *     ResourceLimits#logBytes()} are kept, older ones dropped (read it with {@link GuestLog})
 * @param stderr the file the app's standard error is appended to, likewise; when it is {@code stdout},
 *     both streams share the file
 * @param internetEgress whether the MicroVM may reach out (its {@code INTERNET_EGRESS} connector): the
 *     sandbox executor then attaches a user-mode network to its namespace, else it has only {@code lo}
 * @param limits what the MicroVM may use of this machine
 */
public record LaunchSpec(
        String id,
        Path rootfs,
        Path runDir,
        List<String> command,
        Map<String, String> environment,
        String workingDirectory,
        Path stdout,
        Path stderr,
        boolean internetEgress,
        ResourceLimits limits) {
    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A MicroVM of the default memory class, without egress. */
    public LaunchSpec(
            String id,
            Path rootfs,
            Path runDir,
            List<String> command,
            Map<String, String> environment,
            String workingDirectory,
            Path stdout,
            Path stderr) {
        this(
                id,
                rootfs,
                runDir,
                command,
                environment,
                workingDirectory,
                stdout,
                stderr,
                false,
                ResourceLimits.defaults());
    }
}
