package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.MicrovmImageState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two emulators on one host, as parallel CI jobs and two projects on one laptop run them. */
class ParallelEmulatorsIT {
    @TempDir
    Path dir;

    @Test
    void build_sameImageInTwoEmulatorsAtOnce_bothSucceed() throws Exception {
        try (Emulator a = start(dir.resolve("a"));
                Emulator b = start(dir.resolve("b"))) {
            byte[] artifact = TestApps.counterApp();
            List<Emulator> both = List.of(a, b);
            for (Emulator emulator : both) {
                emulator.s3().createBucket("artifacts");
                emulator.s3().put("artifacts", "same.zip", artifact, "application/zip");
            }

            // The ready and validate hooks keep each build's app running for seconds, so the two overlap.
            List<CompletableFuture<GetMicrovmImageResponse>> builds = both.stream()
                    .map(emulator -> CompletableFuture.supplyAsync(() -> build(emulator)))
                    .toList();

            for (int i = 0; i < both.size(); i++) {
                GetMicrovmImageResponse image = builds.get(i).get(5, TimeUnit.MINUTES);
                Path log = both.get(i).stateDirectory().resolve("images/us-east-1/same/1.0/build.log");
                assertThat(image.state())
                        .as(Files.readString(log, StandardCharsets.UTF_8))
                        .isEqualTo(MicrovmImageState.CREATED);
            }
        }
    }

    private static Emulator start(Path state) {
        return Emulator.builder().port(0).stateDirectory(state).start();
    }

    private static GetMicrovmImageResponse build(Emulator emulator) {
        try (LambdaMicrovmsClient client = EmulatorApiIT.client(emulator)) {
            String arn = client.createMicrovmImage(EmulatorApiIT.image("same")
                            .codeArtifact(CodeArtifact.uri("s3://artifacts/same.zip"))
                            .hooks(RealBuildIT.readyAndValidate(60))
                            .build())
                    .imageArn();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (true) {
                GetMicrovmImageResponse image = client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build());
                if (image.state() != MicrovmImageState.CREATING || Instant.now().isAfter(deadline)) {
                    return image;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
