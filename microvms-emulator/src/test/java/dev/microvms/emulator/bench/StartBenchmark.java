package dev.microvms.emulator.bench;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Prints how long RunMicrovm takes to RUNNING for an app that takes 3 s to start (a benchmark, not a
 * test): the image's build (CreateMicrovmImage to CREATED), then each run's RunMicrovm to RUNNING, with a
 * pause between runs long enough for the app to start again in the background. Run with {@code mvn -B -q
 * -pl microvms-emulator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.microvms.emulator.bench.StartBenchmark -Dexec.args="RUNS [ENDPOINT]"} after {@code
 * mvn -B -q install -DskipTests}: RUNS runs (9), against an emulator of its own, or against the one at
 * ENDPOINT (such as {@code http://127.0.0.1:4612}, to compare another build side by side).
 */
public final class StartBenchmark {
    private static final Duration START_DELAY = Duration.ofSeconds(3);

    private StartBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Emulator own = null;
        URI endpoint;
        if (args.length > 1) {
            endpoint = URI.create(args[1]);
        } else {
            own = Emulator.builder()
                    .port(0)
                    .stateDirectory(Files.createTempDirectory("start-bench"))
                    .limits(new dev.microvms.emulator.core.MicrovmService.Limits(1_000_000, 1000, Duration.ofDays(1)))
                    .start();
            endpoint = own.endpoint();
        }
        try {
            LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                    .endpointOverride(endpoint)
                    .region("us-east-1")
                    .retryPolicy(RetryPolicy.NONE)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                    .build();
            String image = build(client);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                // Time for the app to start again in the background, as a pause between two users' runs.
                Thread.sleep(START_DELAY.multipliedBy(3).toMillis());
                long t0 = System.nanoTime();
                String id = client.runMicrovm(RunMicrovmRequest.builder()
                                .imageIdentifier(image)
                                .build())
                        .microvmId();
                MicrovmState state = poll(client, id);
                times.add(System.nanoTime() - t0);
                if (state != MicrovmState.RUNNING) {
                    throw new IllegalStateException("MicroVM " + id + " ended " + state);
                }
                client.terminateMicrovm(
                        TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
            }
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            System.out.printf(
                    "RunMicrovm to RUNNING, app that takes %d s to start: p50 %.1f ms, min %.1f ms, max %.1f ms"
                            + " (n=%d; in order: %s)%n",
                    START_DELAY.toSeconds(),
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(0) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6,
                    sorted.size(),
                    times.stream().map(t -> String.format("%.0f", t / 1e6)).toList());
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    private static String build(LambdaMicrovmsClient client) throws Exception {
        Path zip = Files.createTempFile("slow-start", ".zip");
        Files.write(zip, TestApps.counterApp());
        zip.toFile().deleteOnExit();
        long t0 = System.nanoTime();
        String arn = client.createMicrovmImage(CreateMicrovmImageRequest.builder()
                        .name("slow-start-" + UUID.randomUUID().toString().substring(0, 8))
                        .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                        .buildRoleArn("arn:aws:iam::000000000000:role/build")
                        .codeArtifact(CodeArtifact.uri(zip.toUri().toString()))
                        .environmentVariables(Map.of("START_DELAY_MS", Long.toString(START_DELAY.toMillis())))
                        .hooks(TestApps.counterHooks())
                        .build())
                .imageArn();
        MicrovmImageState state;
        do {
            Thread.sleep(10);
            state = client.getMicrovmImage(GetMicrovmImageRequest.builder()
                            .imageIdentifier(arn)
                            .build())
                    .state();
        } while (state == MicrovmImageState.CREATING);
        if (state != MicrovmImageState.CREATED) {
            throw new IllegalStateException("the image's build ended " + state);
        }
        System.out.printf(
                "image build, app that takes %d s to start (CreateMicrovmImage to CREATED): %.0f ms%n",
                START_DELAY.toSeconds(), (System.nanoTime() - t0) / 1e6);
        return arn;
    }

    private static MicrovmState poll(LambdaMicrovmsClient client, String id) throws InterruptedException {
        while (true) {
            MicrovmState state = client.getMicrovm(
                            GetMicrovmRequest.builder().microvmIdentifier(id).build())
                    .state();
            if (state == MicrovmState.RUNNING || state == MicrovmState.TERMINATED) {
                return state;
            }
            Thread.sleep(2);
        }
    }
}
