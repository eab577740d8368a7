package dev.microvms.cli.internal.aws;

import static dev.microvms.cli.internal.aws.AwsChecks.FAIL;
import static dev.microvms.cli.internal.aws.AwsChecks.OK;
import static dev.microvms.cli.internal.aws.AwsChecks.WARN;

import dev.microvms.cli.internal.AwsClients;
import dev.microvms.cli.internal.AwsFailures;
import dev.microvms.cli.internal.AwsService;
import dev.microvms.cli.internal.Settings;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** doctor's bucket check: there, reachable, in the Region, private and encrypted. */
final class BucketCheck {
    private final Settings settings;
    private final String region;
    private final CheckSink sink;

    BucketCheck(Settings settings, String region, CheckSink sink) {
        this.settings = settings;
        this.region = region;
        this.sink = sink;
    }

    void check(@Nullable String bucket, String source) {
        if (bucket == null) {
            sink.add(
                    FAIL,
                    "bucket",
                    "None is set (" + source + "); run 'lambda-microvms bootstrap' to make one, or set"
                            + " artifact.bucket in microvm.yml to an S3 bucket in " + region + ".");
            return;
        }
        try (S3Client s3 = AwsClients.s3(settings)) {
            HeadBucketResponse head = s3.headBucket(b -> b.bucket(bucket));
            String in = head.bucketRegion();
            if (in != null && !in.equals(region)) {
                sink.add(
                        FAIL,
                        "bucket",
                        "s3://" + bucket + " is in " + in + ", but images are built in " + region
                                + "; run 'lambda-microvms bootstrap' for a bucket in " + region
                                + ", or set artifact.bucket.");
                return;
            }
            sink.add(OK, "bucket", "s3://" + bucket + " in " + (in == null ? region : in) + " (" + source + ")");
            settings(s3, bucket);
        } catch (S3Exception e) {
            switch (e.statusCode()) {
                case 404 ->
                    sink.add(
                            FAIL,
                            "bucket",
                            "s3://" + bucket + " does not exist (" + source + "); run"
                                    + " 'lambda-microvms bootstrap' to make it, or 'aws s3 mb s3://" + bucket
                                    + " --region "
                                    + region + "'.");
                case 403 ->
                    sink.add(
                            FAIL,
                            "bucket",
                            "s3://" + bucket + " exists but you may not use it (HTTP 403):"
                                    + " it belongs to another account, or your identity lacks s3:ListBucket on it.");
                case 301 ->
                    sink.add(
                            FAIL,
                            "bucket",
                            "s3://" + bucket + " is in another Region than " + region + "; use a bucket in " + region
                                    + ".");
                default -> sink.add(FAIL, "bucket", "s3://" + bucket + ": " + AwsFailures.message(e.getMessage()));
            }
        } catch (RuntimeException e) {
            if (AwsFailures.network(e)) {
                sink.add(
                        FAIL,
                        "bucket",
                        "S3 cannot be reached at " + settings.describeEndpoint(AwsService.S3) + " ("
                                + AwsFailures.rootCause(e)
                                + "): this is the network, not the bucket; check the connection,"
                                + " a proxy, or AWS_ENDPOINT_URL.");
            } else {
                sink.add(FAIL, "bucket", "s3://" + bucket + ": " + AwsFailures.rootCause(e));
            }
        }
    }

    /** Warnings only: a public or unencrypted artifact bucket still deploys. */
    private void settings(S3Client s3, String bucket) {
        try {
            PublicAccessBlockConfiguration block =
                    s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            if (!(Boolean.TRUE.equals(block.blockPublicAcls())
                    && Boolean.TRUE.equals(block.ignorePublicAcls())
                    && Boolean.TRUE.equals(block.blockPublicPolicy())
                    && Boolean.TRUE.equals(block.restrictPublicBuckets()))) {
                sink.add(
                        WARN,
                        "bucket access",
                        "s3://" + bucket + " does not block all public access; code artifacts"
                                + " should stay private: 'lambda-microvms bootstrap' blocks it for its bucket.");
            }
        } catch (S3Exception e) {
            sink.add(
                    WARN,
                    "bucket access",
                    "s3://" + bucket + " has no public access block (" + e.statusCode() + "); block public access.");
        }
    }
}
