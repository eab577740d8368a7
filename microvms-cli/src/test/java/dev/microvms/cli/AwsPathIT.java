package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.Emulator;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * bootstrap and doctor on the AWS path, against an emulator standing in for AWS through {@code
 * AWS_ENDPOINT_URL} (no {@code --local}), checked with the official AWS SDK clients.
 */
class AwsPathIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "lambda-microvms-000000000000-us-east-1";

    @TempDir
    Path dir;

    private Emulator emulator;
    private Map<String, String> env;
    private IamClient iam;
    private S3Client s3;

    @BeforeEach
    void start() {
        emulator =
                Emulator.builder().port(0).stateDirectory(dir.resolve("state")).start();
        env = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL", emulator.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_REGION", "us-east-1",
                "LAMBDA_MICROVMS_HOME", dir.resolve("home").toString()));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        iam = IamClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .build();
        s3 = S3Client.builder()
                .endpointOverride(emulator.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
    }

    @AfterEach
    void stop() {
        iam.close();
        s3.close();
        emulator.close();
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, args);
    }

    private Path record() {
        return dir.resolve("home/accounts/000000000000/us-east-1.yml");
    }

    private static List<String> outcomes(JsonNode bootstrapped) {
        List<String> outcomes = new ArrayList<>();
        bootstrapped.get("steps").forEach(s -> outcomes.add(s.get("outcome").asText()));
        return outcomes;
    }

    @Test
    void dryRun_printsThePoliciesAndMakesNothing() {
        CliRun r = cli("bootstrap", "--dry-run");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"Service\": \"lambda.amazonaws.com\"", "\"Action\": \"sts:AssumeRole\"")
                .contains("\"s3:GetObject\"", "arn:aws:s3:::" + BUCKET + "/*")
                .contains("arn:aws:logs:us-east-1:000000000000:log-group:/lambda-microvms/*")
                .contains("nothing is made");
        assertThat(iam.listRoles().roles()).isEmpty();
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(BUCKET))).isInstanceOf(NoSuchBucketException.class);
        assertThat(record()).doesNotExist();
    }

    @Test
    void bootstrap_makesABucketAndTwoRoles_andTheSecondRunChangesNothing() throws Exception {
        CliRun first = cli("bootstrap", "-o", "json");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(outcomes(JSON.readTree(first.out()))).containsExactly("CREATED", "CREATED", "CREATED");

        Role build =
                iam.getRole(b -> b.roleName("lambda-microvms-build-us-east-1")).role();
        assertThat(URLDecoder.decode(build.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .contains("lambda.amazonaws.com");
        assertThat(URLDecoder.decode(
                        iam.getRolePolicy(b -> b.roleName("lambda-microvms-execution-us-east-1")
                                        .policyName("lambda-microvms-execution"))
                                .policyDocument(),
                        StandardCharsets.UTF_8))
                .contains("logs:PutLogEvents")
                .doesNotContain("s3:");
        assertThat(s3.headBucket(b -> b.bucket(BUCKET)).bucketRegion()).isEqualTo("us-east-1");
        assertThat(s3.getPublicAccessBlock(b -> b.bucket(BUCKET))
                        .publicAccessBlockConfiguration()
                        .restrictPublicBuckets())
                .isTrue();
        assertThat(Files.readString(record()))
                .contains("bucket: " + BUCKET)
                .contains("executionRoleArn: arn:aws:iam::000000000000:role/lambda-microvms-execution-us-east-1");
        long written = Files.getLastModifiedTime(record()).toMillis();

        CliRun second = cli("bootstrap", "-o", "json");

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(outcomes(JSON.readTree(second.out()))).containsExactly("UNCHANGED", "UNCHANGED", "UNCHANGED");
        assertThat(second.err()).contains("nothing changed");
        assertThat(Files.getLastModifiedTime(record()).toMillis()).isEqualTo(written);
    }

    @Test
    void bootstrap_bringsWhatDriftedBackInLine() throws Exception {
        assertThat(cli("bootstrap").code()).isZero();
        iam.updateAssumeRolePolicy(b -> b.roleName("lambda-microvms-build-us-east-1")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        s3.putPublicAccessBlock(b -> b.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicAcls(false)
                .ignorePublicAcls(false)
                .blockPublicPolicy(false)
                .restrictPublicBuckets(false)));
        CliRun doctor = cli("doctor", "-o", "json", "-p", dir.toString());
        assertThat(doctor.out()).contains("does not let lambda.amazonaws.com assume it");

        CliRun fixed = cli("bootstrap", "-o", "json");

        assertThat(outcomes(JSON.readTree(fixed.out()))).containsExactly("UPDATED", "UPDATED", "UNCHANGED");
        assertThat(fixed.err()).contains("public access blocked", "trust policy");
        assertThat(outcomes(JSON.readTree(cli("bootstrap", "-o", "json").out())))
                .containsExactly("UNCHANGED", "UNCHANGED", "UNCHANGED");
    }

    @Test
    void bootstrap_leavesARoleItDidNotMakeAlone() {
        iam.createRole(b -> b.roleName("lambda-microvms-build-eu-west-1")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));

        CliRun r = cli("bootstrap", "--region", "eu-west-1");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("exists but bootstrap did not make it");
        assertThat(s3.getBucketLocation(b -> b.bucket("lambda-microvms-000000000000-eu-west-1"))
                        .locationConstraintAsString())
                .isEqualTo("eu-west-1");
    }

    @Test
    void doctor_afterBootstrap_passesEveryOnlineCheckAndShowsTheEndpoint() throws Exception {
        assertThat(cli("bootstrap").code()).isZero();
        Path project = dir.resolve("hello");
        assertThat(cli("new", "hello", "--directory", project.toString()).code())
                .isZero();

        CliRun r = cli("doctor", "-p", project.toString(), "-o", "json");

        Map<String, JsonNode> checks = new HashMap<>();
        JSON.readTree(r.out()).forEach(c -> checks.put(c.get("name").asText(), c));
        for (String name :
                List.of("endpoint", "region", "credentials", "identity", "service", "bucket", "build role")) {
            assertThat(checks.get(name).get("status").asText())
                    .as(name + ": " + checks.get(name))
                    .isEqualTo("OK");
        }
        assertThat(checks.get("execution role").get("status").asText()).isEqualTo("OK");
        assertThat(checks.get("logs").get("status").asText()).isEqualTo("OK");
        assertThat(checks.get("endpoint").get("detail").asText()).contains(emulator.endpoint() + " (AWS_ENDPOINT_URL)");
        assertThat(checks.get("identity").get("detail").asText()).contains("account 000000000000");
        assertThat(checks.get("bucket").get("detail").asText()).contains(BUCKET, "bootstrap's record");
        assertThat(checks.get("quotas").get("detail").asText()).contains("ServiceQuotaExceededException");
    }

    @Test
    void doctor_tellsANetworkFailureFromAMissingBucket() throws Exception {
        Path project = dir.resolve("hello");
        assertThat(cli("new", "hello", "--directory", project.toString()).code())
                .isZero();
        Files.writeString(
                project.resolve("microvm.yml"),
                Files.readString(project.resolve("microvm.yml"))
                        .replace("  # bucket: my-microvms-artifacts", "  bucket: not-made-yet"));

        CliRun missing = cli("doctor", "-p", project.toString());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closed);
        CliRun offline = cli("doctor", "-p", project.toString());

        assertThat(missing.code()).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(missing.out()).contains("s3://not-made-yet does not exist").doesNotContain("network");
        assertThat(offline.code()).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(offline.out())
                .contains("S3 cannot be reached at http://127.0.0.1:" + closed)
                .contains("this is the network, not the bucket")
                .doesNotContain("does not exist");
    }

    @Test
    void doctor_withoutCredentials_saysSoInOneLine() {
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");

        CliRun r = cli("doctor", "--profile", "nobody", "-p", dir.toString());

        assertThat(r.out())
                .contains("credentials", "FAIL", "No AWS credentials found: run 'aws configure'")
                .doesNotContain("ProfileFile", "SystemPropertyCredentialsProvider");
    }

    @Test
    void deploy_withNothingSetAndNothingBootstrapped_saysToBootstrapBeforeBuilding() {
        Path project = dir.resolve("hello");
        assertThat(cli("new", "hello", "--directory", project.toString()).code())
                .isZero();

        CliRun r = cli("deploy", "-p", project.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("Run 'lambda-microvms bootstrap'").doesNotContain("Building");
        assertThat(project.resolve("target")).doesNotExist();
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(BUCKET))).isInstanceOf(NoSuchBucketException.class);
    }
}
