package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageVersionRequest;
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
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

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

        String reason = image.state() == MicrovmImageState.CREATED
                ? ""
                : client.getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                                .imageIdentifier(created.imageArn())
                                .imageVersion("1.0")
                                .build())
                        .stateReason();
        assertThat(image.state()).as(reason).isEqualTo(MicrovmImageState.CREATED);
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

    @Test
    void bucketRegionEncryptionAndPublicAccessBlock_asABootstrapReadsAndSetsThem() {
        s3.createBucket(b -> b.bucket("in-ireland")
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        s3.createBucket(b -> b.bucket("in-virginia"));

        assertThat(s3.getBucketLocation(b -> b.bucket("in-ireland")).locationConstraintAsString())
                .isEqualTo("eu-west-1");
        assertThat(s3.getBucketLocation(b -> b.bucket("in-virginia")).locationConstraintAsString())
                .isEmpty();
        assertThat(s3.headBucket(b -> b.bucket("in-ireland")).bucketRegion()).isEqualTo("eu-west-1");
        assertThat(s3.getBucketEncryption(b -> b.bucket("in-ireland"))
                        .serverSideEncryptionConfiguration()
                        .rules()
                        .get(0)
                        .applyServerSideEncryptionByDefault()
                        .sseAlgorithm())
                .isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.getPublicAccessBlock(b -> b.bucket("in-ireland"))
                        .publicAccessBlockConfiguration()
                        .blockPublicPolicy())
                .isTrue();

        s3.putPublicAccessBlock(b -> b.bucket("in-ireland").publicAccessBlockConfiguration(c -> c.blockPublicAcls(false)
                .ignorePublicAcls(true)
                .blockPublicPolicy(false)
                .restrictPublicBuckets(true)));
        s3.putBucketEncryption(b -> b.bucket("in-ireland")
                .serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d ->
                                d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("alias/mine"))
                        .bucketKeyEnabled(true)
                        .build())));

        var block = s3.getPublicAccessBlock(b -> b.bucket("in-ireland")).publicAccessBlockConfiguration();
        assertThat(block.blockPublicAcls()).isFalse();
        assertThat(block.restrictPublicBuckets()).isTrue();
        var rule = s3.getBucketEncryption(b -> b.bucket("in-ireland"))
                .serverSideEncryptionConfiguration()
                .rules()
                .get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("alias/mine");
        assertThat(rule.bucketKeyEnabled()).isTrue();
        assertThatThrownBy(() -> s3.getBucketPolicy(b -> b.bucket("in-ireland")))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("does not support")
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(501));
        assertThatThrownBy(() -> s3.getBucketLocation(b -> b.bucket("nowhere")))
                .isInstanceOf(NoSuchBucketException.class);
    }
}
