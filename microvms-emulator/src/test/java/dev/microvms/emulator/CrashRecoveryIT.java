package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Kills the emulator's process with SIGKILL while clients write to it, restarts it over the same state
 * directory, and checks that everything acknowledged is there and whole.
 */
class CrashRecoveryIT {
    @TempDir
    Path state;

    @Test
    void sigkillMidway_losesNothingAcknowledged() throws Exception {
        Random random = new Random(42);
        Map<String, Integer> acknowledgedVersions = new LinkedHashMap<>();
        Map<String, String> acknowledgedTags = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            int port = freePort();
            Process emulator = startEmulator(port);
            LambdaMicrovmsClient client = client(port);
            awaitUp(client);
            checkEverything(client, acknowledgedVersions, acknowledgedTags);

            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(700));
            int n = 0;
            while (System.nanoTime() < killAt) {
                String name = "r" + round + "-" + n++;
                String arn = "arn:aws:lambda:us-east-1:000000000000:microvm-image:" + name;
                try {
                    client.createMicrovmImage(CreateMicrovmImageRequest.builder()
                            .name(name)
                            .baseImageArn(EmulatorApiIT.BASE)
                            .buildRoleArn(EmulatorApiIT.ROLE)
                            .codeArtifact(CodeArtifact.uri("s3://none/" + name + ".zip"))
                            .build());
                    acknowledgedVersions.put(arn, 1);
                    client.tagResource(TagResourceRequest.builder()
                            .resource(arn)
                            .tags(Map.of("n", name))
                            .build());
                    acknowledgedTags.put(arn, name);
                } catch (MicrovmsClientException | dev.microvms.client.exception.MicrovmsServiceException e) {
                    break;
                }
                if (n % 3 == 0) {
                    tryUpdate(client, acknowledgedVersions);
                }
            }
            emulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        int port = freePort();
        Process emulator = startEmulator(port);
        try {
            LambdaMicrovmsClient client = client(port);
            awaitUp(client);
            checkEverything(client, acknowledgedVersions, acknowledgedTags);
            assertThat(acknowledgedVersions).hasSizeGreaterThan(5);
        } finally {
            emulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void tryUpdate(LambdaMicrovmsClient client, Map<String, Integer> versions) {
        for (Map.Entry<String, Integer> e : new ArrayList<>(versions.entrySet())) {
            try {
                var updated = client.updateMicrovmImage(UpdateMicrovmImageRequest.builder()
                        .imageIdentifier(e.getKey())
                        .baseImageArn(EmulatorApiIT.BASE)
                        .buildRoleArn(EmulatorApiIT.ROLE)
                        .codeArtifact(CodeArtifact.uri("s3://none/x.zip"))
                        .build());
                versions.put(e.getKey(), Integer.parseInt(updated.imageVersion().replace(".0", "")));
                return;
            } catch (dev.microvms.client.exception.ConflictException stillBuilding) {
                // try another image
            }
        }
    }

    private static void checkEverything(
            LambdaMicrovmsClient client, Map<String, Integer> versions, Map<String, String> tags) {
        for (Map.Entry<String, Integer> e : versions.entrySet()) {
            var image = client.getMicrovmImage(
                    GetMicrovmImageRequest.builder().imageIdentifier(e.getKey()).build());
            assertThat(image.imageArn()).isEqualTo(e.getKey());
            List<String> listed = client
                    .listMicrovmImageVersionsPaginator(ListMicrovmImageVersionsRequest.builder()
                            .imageIdentifier(e.getKey())
                            .build())
                    .stream()
                    .map(v -> v.imageVersion())
                    .toList();
            assertThat(listed).as("versions of " + e.getKey()).contains(e.getValue() + ".0");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            assertThat(client.listTags(ListTagsRequest.builder()
                                    .resource(e.getKey())
                                    .build())
                            .tags())
                    .containsEntry("n", e.getValue());
        }
    }

    private Process startEmulator(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmulatorMain.class.getName(),
                        "--port",
                        String.valueOf(port),
                        "--state-dir",
                        state.toString())
                .redirectErrorStream(true)
                .redirectOutput(state.resolveSibling(state.getFileName() + "-emulator.log")
                        .toFile())
                .start();
    }

    private static void awaitUp(LambdaMicrovmsClient client) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                client.listMicrovmImages(
                        dev.microvms.model.ListMicrovmImagesRequest.builder().build());
                return;
            } catch (MicrovmsClientException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private static LambdaMicrovmsClient client(int port) {
        return LambdaMicrovmsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .retryPolicy(RetryPolicy.NONE)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
