package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.MicrovmImageState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 subset through the AWS SDK's own S3 client, as a deploy uses it. */
class S3SubsetIT {
    @TempDir
    Path state;

    private Emulator emulator;
    private S3Client s3;

    @BeforeEach
    void start() {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + emulator.port()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @AfterEach
    void stop() {
        s3.close();
        emulator.close();
    }

    @Test
    void putAndGet_smallAndLargeObjects_roundTripThroughTheSdk() throws Exception {
        s3.createBucket(b -> b.bucket("artifacts"));
        byte[] large = new byte[5 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);

        s3.putObject(b -> b.bucket("artifacts").key("app/code.zip"), RequestBody.fromBytes(large));
        s3.putObject(
                b -> b.bucket("artifacts").key("notes.txt").contentType("text/plain"), RequestBody.fromString("hello"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket("artifacts").key("app/code.zip"))
                        .asByteArray())
                .isEqualTo(large);
        assertThat(s3.headObject(b -> b.bucket("artifacts").key("notes.txt")).contentLength())
                .isEqualTo(5);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("artifacts").key("notes.txt"))
                        .asString(StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(s3.listObjectsV2(b -> b.bucket("artifacts")).contents())
                .extracting(o -> o.key())
                .containsExactly("app/code.zip", "notes.txt");
        assertThat(emulator.s3().get("artifacts", "app/code.zip").size()).isEqualTo(large.length);
    }

    @Test
    void artifactUploadedWithTheSdk_isBuiltForReal() throws Exception {
        s3.createBucket(b -> b.bucket("deploy"));
        s3.putObject(b -> b.bucket("deploy").key("app/code.zip"), RequestBody.fromBytes(TestApps.counterApp()));
        LambdaMicrovmsClient client = EmulatorApiIT.client(emulator);

        var created = client.createMicrovmImage(EmulatorApiIT.image("from-sdk")
                .codeArtifact(CodeArtifact.uri("s3://deploy/app/code.zip"))
                .hooks(RealBuildIT.readyAndValidate(60))
                .build());
        assertThat(created.state()).isEqualTo(MicrovmImageState.CREATING);
        var image = EmulatorApiIT.await(
                () -> client.getMicrovmImage(GetMicrovmImageRequest.builder()
                        .imageIdentifier(created.imageArn())
                        .build()),
                i -> i.state() != MicrovmImageState.CREATING);

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("1.0");
    }

    @Test
    void missingBucketAndKey_areS3Errors() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("nope").key("k"), RequestBody.fromString("x")))
                .isInstanceOf(NoSuchBucketException.class);
        s3.createBucket(b -> b.bucket("there"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("there").key("missing")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(s3.headBucket(b -> b.bucket("there")).sdkHttpResponse().statusCode())
                .isEqualTo(200);
    }

    @Test
    void objects_surviveARestart() throws Exception {
        s3.createBucket(b -> b.bucket("kept"));
        s3.putObject(b -> b.bucket("kept").key("a"), RequestBody.fromString("content"));
        emulator.close();
        emulator = Emulator.builder().port(0).stateDirectory(state).start();

        try (var object = emulator.s3().open("kept", "a")) {
            assertThat(new String(object.stream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("content");
        }
    }
}
