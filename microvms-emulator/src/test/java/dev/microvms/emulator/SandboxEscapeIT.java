package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.emulator.executor.LocalExecutors;
import dev.microvms.emulator.executor.SandboxExecutor;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.ResourceRequirement;
import dev.microvms.model.RunMicrovmRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reliability review did to the emulator from the inside of a build, through its API, as a
 * user's Dockerfile would: RUN steps that remount the host's directories and call the emulator's API; and
 * the way out a MicroVM gets with INTERNET_EGRESS, which does not lead to the emulator's API.
 */
class SandboxEscapeIT {
    private static final String FROM = "FROM public.ecr.aws/lambda/microvms:al2023-minimal\n";
    private static final String COUNTER = String.join(
            "\n",
            "COPY app.jar /app/app.jar",
            "EXPOSE 8080 9000",
            "CMD [\"java\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xss512k\", \"-jar\", \"/app/app.jar\"]",
            "");

    @TempDir
    static Path state;

    private static Emulator emulator;
    private static LambdaMicrovmsClient client;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        client = EmulatorApiIT.client(emulator);
        emulator.s3().createBucket("artifacts");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void runStep_triesToRemountTheHostAndCallTheEmulatorsApi_cannot() throws Exception {
        String dockerfile = FROM
                + "RUN grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status\n"
                + "RUN mount -o remount,bind,rw /usr 2>/dev/null && test -w /usr && echo HOST_USR_WRITABLE"
                + " || echo remount refused\n"
                + "RUN bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + emulator.port() + "' 2>/dev/null"
                + " && echo REACHED_THE_EMULATOR_API || echo emulator unreachable\n"
                + COUNTER;

        GetMicrovmImageResponse image = build("escape", dockerfile, Map.of(), null);

        String log = buildLog("escape");
        assertThat(image.state()).as(log).isEqualTo(MicrovmImageState.CREATED);
        // The markers as whole lines: the log also shows each RUN line, which names them.
        assertThat(log.lines())
                .contains("CapEff:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2")
                .contains("remount refused", "emulator unreachable")
                .doesNotContain("HOST_USR_WRITABLE", "REACHED_THE_EMULATOR_API");
    }

    @Test
    void runMicrovm_withInternetEgress_hasARouteOutButNotTheEmulatorsApi() throws Exception {
        assumeTrue(
                LocalExecutors.detect().executor() instanceof SandboxExecutor sandbox && sandbox.egressAvailable(),
                "no user-mode network here: " + LocalExecutors.detect().reason());
        String probe = "grep -q '^[^ \t]*[ \t]*00000000' /proc/net/route && echo DEFAULT_ROUTE || echo NO_ROUTE; "
                + "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + emulator.port() + "' 2>/dev/null"
                + " && echo API_REACHED || echo API_UNREACHED";
        GetMicrovmImageResponse image = build("egress", FROM + COUNTER, Map.of("RUN_COMMAND", probe), null);
        assertThat(image.state()).as(buildLog("egress")).isEqualTo(MicrovmImageState.CREATED);

        // INTERNET_EGRESS is RunMicrovm's default, as on the service (where the only other egress is a VPC's).
        String id = run(image, List.of());

        assertThat(awaitLine(id, "ROUTE")).isEqualTo("DEFAULT_ROUTE");
        assertThat(awaitLine(id, "REACHED")).isEqualTo("API_UNREACHED");
    }

    private static String run(GetMicrovmImageResponse image, List<String> egress) {
        var request = RunMicrovmRequest.builder().imageIdentifier(image.imageArn());
        if (!egress.isEmpty()) {
            request.egressNetworkConnectors(egress);
        }
        String id = client.runMicrovm(request.build()).microvmId();
        until(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() != MicrovmState.PENDING);
        return id;
    }

    /** @return the first line of the MicroVM's output that ends with the marker */
    private static String awaitLine(String microvmId, String marker) {
        Path stdout = state.resolve("microvms").resolve(microvmId).resolve("stdout.log");
        return until(
                        () -> {
                            try {
                                return Files.exists(stdout)
                                        ? Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                                                .filter(line -> line.endsWith(marker))
                                                .findFirst()
                                                .orElse("")
                                        : "";
                            } catch (java.io.IOException e) {
                                return "";
                            }
                        },
                        line -> !line.isEmpty())
                .strip();
    }

    private static GetMicrovmImageResponse build(
            String name, String dockerfile, Map<String, String> env, @Nullable Integer memoryClass) throws Exception {
        byte[] artifact = TestApps.zip(
                Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), "app.jar", TestApps.counterJar()));
        emulator.s3().put("artifacts", name + ".zip", artifact, "application/zip");
        var request = EmulatorApiIT.image(name)
                .codeArtifact(CodeArtifact.uri("s3://artifacts/" + name + ".zip"))
                .hooks(TestApps.counterHooks());
        if (!env.isEmpty()) {
            request.environmentVariables(env);
        }
        if (memoryClass != null) {
            request.resources(new ResourceRequirement(memoryClass));
        }
        String arn = client.createMicrovmImage(request.build()).imageArn();
        return until(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() != MicrovmImageState.CREATING);
    }

    private static String buildLog(String name) throws Exception {
        return Files.readString(state.resolve("images/us-east-1/" + name + "/1.0/build.log"), StandardCharsets.UTF_8);
    }

    private static <T> T until(java.util.function.Supplier<T> poll, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        T last = poll.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = poll.get();
        }
        return last;
    }
}
