package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.executor.internal.BwrapProbe;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local start} as a normal user gets it: the background emulator in a user namespace of its own
 * (forced with --user-namespace always, which works for root too), reaching a MicroVM's port without a
 * relay; then deploy, run, call and terminate through it, and stop.
 */
class LocalStartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void start_inAUserNamespaceOfItsOwn_servesTheWholeLoopWithoutARelay() throws Exception {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed");
        assumeTrue(unshareWorks(), "unshare --user --map-root-user does not work here");
        Path state = dir.resolve("state");
        Map<String, String> env = Map.of(
                "LAMBDA_MICROVMS_LOCAL_PORT",
                String.valueOf(freePort()),
                "LAMBDA_MICROVMS_HOME",
                dir.resolve("home").toString());

        CliRun started =
                CliRun.of(env, "local", "start", "--state-dir", state.toString(), "--user-namespace", "always");
        assertThat(started.code()).as(started.err()).isZero();
        try {
            assertThat(Files.readString(state.resolve("emulator.log")))
                    .contains("on a short-lived thread per connection");

            Path project = dir.resolve("counter");
            assertThat(CliRun.of(env, "new", "counter", "--directory", project.toString())
                            .code())
                    .isZero();
            Files.createDirectories(project.resolve("target"));
            Files.write(project.resolve("target/app.jar"), ProjectCliIT.counterJar());
            String p = project.toString();
            CliRun deploy = CliRun.of(env, "deploy", "--local", "-p", p, "--skip-build", "-o", "json");
            assertThat(deploy.code()).as(deploy.err()).isZero();
            CliRun run = CliRun.of(env, "run", "--local", "-p", p, "-o", "json");
            assertThat(run.code()).as(run.err()).isZero();
            String id = JSON.readTree(run.out()).get("microvmId").asText();

            CliRun call = CliRun.of(env, "call", "--local", id, "/ticks");
            assertThat(call.code()).as(call.err()).isZero();
            // No relay JVM was started for it: the emulator opened the connection inside the MicroVM.
            assertThat(state.resolve("microvms/" + id + "/run/relay.log")).doesNotExist();

            CliRun terminated = CliRun.of(env, "terminate", "--local", id, "-o", "json");
            assertThat(JSON.readTree(terminated.out()).get("state").asText()).isEqualTo("TERMINATED");
        } finally {
            CliRun stopped = CliRun.of(env, "local", "stop", "--state-dir", state.toString());
            assertThat(stopped.code()).as(stopped.err()).isZero();
        }
    }

    private static boolean unshareWorks() throws Exception {
        try {
            Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "true")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException notInstalled) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
