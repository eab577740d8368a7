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
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.ResourceRequirement;
import dev.microvms.model.RunMicrovmRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reliability review did to the emulator's limits, through its API, as a user's Dockerfile and
 * app would: a fork bomb in a RUN step, and a MicroVM that forks or allocates without end. The fork bombs
 * have an end (a tree ten levels deep), in case a limit were not there, and run only where the emulator
 * says every limit is enforced.
 */
class SandboxLimitsIT {
    private static final String FROM = "FROM public.ecr.aws/lambda/microvms:al2023-minimal\n";
    private static final String COUNTER = String.join(
            "\n",
            "COPY app.jar /app/app.jar",
            "EXPOSE 8080 9000",
            "CMD [\"java\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xss512k\", \"-jar\", \"/app/app.jar\"]",
            "");
    private static final String FORK_BOMB =
            "f() { if [ $1 -lt 10 ]; then f $(($1 + 1)) & f $(($1 + 1)) & fi; sleep 60; }; f 0";

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
    void runStep_forkBomb_failsTheBuildAtTheProcessLimitAndTheEmulatorServesOn() throws Exception {
        requireLimits();

        GetMicrovmImageResponse image = build("forkbomb", FROM + "RUN " + FORK_BOMB + "\n" + COUNTER, Map.of(), null);

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        String reason = client.listMicrovmImageBuilds(ListMicrovmImageBuildsRequest.builder()
                        .imageIdentifier(image.imageArn())
                        .imageVersion("1.0")
                        .build())
                .items()
                .get(0)
                .stateReason();
        assertThat(reason).contains("The build step reached its limit of 1024 processes");
        assertThat(client.listMicrovms(ListMicrovmsRequest.builder().build()).items())
                .isNotNull();
    }

    @Test
    void runMicrovm_forkBomb_endsItTerminatedWithTheReason() throws Exception {
        requireLimits();
        GetMicrovmImageResponse image = build("vmforkbomb", FROM + COUNTER, Map.of("RUN_COMMAND", FORK_BOMB), null);

        GetMicrovmResponse vm = runUntilTerminated(image);

        assertThat(vm.stateReason()).contains("the MicroVM reached its limit of 1024 processes");
    }

    @Test
    void runMicrovm_512MiBClassAllocating3GiB_endsItTerminatedOutOfMemory() throws Exception {
        requireLimits();
        GetMicrovmImageResponse image =
                build("vmhog", FROM + COUNTER, Map.of("RUN_COMMAND", "head -c 3G /dev/zero | tail -n 1"), 512);

        GetMicrovmResponse vm = runUntilTerminated(image);

        assertThat(vm.stateReason()).contains("the MicroVM ran out of memory").contains("2048 MiB");
    }

    private static void requireLimits() {
        // Never a fork bomb where the process limit is not enforced.
        assumeTrue(
                LocalExecutors.detect().executor() instanceof SandboxExecutor sandbox && sandbox.limitsComplete(),
                LocalExecutors.detect().reason());
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

    private static GetMicrovmResponse runUntilTerminated(GetMicrovmImageResponse image) throws Exception {
        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATED);
        String id = client.runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier(image.imageArn())
                        .build())
                .microvmId();
        return until(
                () -> client.getMicrovm(
                        GetMicrovmRequest.builder().microvmIdentifier(id).build()),
                m -> m.state() == MicrovmState.TERMINATED);
    }

    private static <T> T until(java.util.function.Supplier<T> poll, java.util.function.Predicate<T> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        T last = poll.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            last = poll.get();
        }
        return last;
    }
}
