package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.MutableClock;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Tokens refreshed across their expiry, end to end: the emulator and the SDK share one clock that the
 * test moves forward, so the emulator's proxy would refuse a token the SDK failed to refresh.
 */
class TokenRefreshIT {
    @TempDir
    Path state;

    @Test
    void endpoint_pastTheTokensHour_refreshesItAndKeepsServing() throws Exception {
        MutableClock clock = new MutableClock();
        try (Emulator emulator = Emulator.builder()
                        .port(0)
                        .stateDirectory(state)
                        .clock(clock)
                        .start();
                Microvms microvms = Microvms.builder()
                        .endpointOverride(emulator.endpoint())
                        .region("us-east-1")
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                        .clock(clock)
                        .build()) {
            emulator.s3().createBucket("artifacts");
            emulator.s3().put("artifacts", "app.zip", TestApps.counterApp(), "application/zip");
            String image = microvms.createImage(CreateMicrovmImageRequest.builder()
                            .name("refresh")
                            .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                            .buildRoleArn("arn:aws:iam::000000000000:role/build")
                            .codeArtifact(CodeArtifact.uri("s3://artifacts/app.zip"))
                            .build())
                    .waitUntilCreated()
                    .arn();

            try (MicrovmsSession session =
                    microvms.session(image).after(AfterSession.TERMINATE).start()) {
                Endpoint endpoint = session.endpoint();
                String first = endpoint.token(8080);
                assertThat(endpoint.get("/ticks").statusCode()).isEqualTo(200);

                clock.advance(Duration.ofMinutes(59));
                assertThat(endpoint.get("/ticks").statusCode()).isEqualTo(200);
                String second = endpoint.token(8080);
                clock.advance(Duration.ofMinutes(61));

                assertThat(endpoint.get("/ticks").statusCode()).isEqualTo(200);
                assertThat(second).isNotEqualTo(first);
                assertThat(endpoint.token(8080)).isNotEqualTo(second);
            }
        }
    }
}
