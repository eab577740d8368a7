package dev.microvms.cli.internal;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK's clients of the services beside Lambda MicroVMs, built from one run's settings: the same Region,
 * credentials and endpoint rules for each, and the same Apache HTTP client as the MicroVMs client. The caller
 * closes them.
 */
public final class AwsClients {
    private AwsClients() {}

    /** @return an S3 client, path-style when the endpoint is overridden (the emulator's one port) */
    public static S3Client s3(Settings s) {
        S3ClientBuilder b = configure(S3Client.builder(), s, AwsService.S3, Region.of(s.regionOrChain()));
        if (s.endpointFor(AwsService.S3) != null) {
            b.forcePathStyle(true);
        }
        return b.httpClientBuilder(http()).build();
    }

    /** @return an IAM client; IAM is global, in the partition of the run's Region */
    public static IamClient iam(Settings s) {
        return configure(IamClient.builder(), s, AwsService.IAM, iamRegion(s.regionOrChain()))
                .httpClientBuilder(http())
                .build();
    }

    /** @return an STS client at the Region's endpoint */
    public static StsClient sts(Settings s) {
        return configure(StsClient.builder(), s, AwsService.STS, Region.of(s.regionOrChain()))
                .httpClientBuilder(http())
                .build();
    }

    /** @return a CloudWatch Logs client in the run's Region */
    public static CloudWatchLogsClient logs(Settings s) {
        return configure(CloudWatchLogsClient.builder(), s, AwsService.CLOUDWATCH_LOGS, Region.of(s.regionOrChain()))
                .httpClientBuilder(http())
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, Settings s, AwsService service, Region region) {
        builder.region(region);
        URI endpoint = s.endpointFor(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (s.credentials() != null) {
            builder.credentialsProvider(s.credentials());
        }
        return builder;
    }

    private static Region iamRegion(String region) {
        if (region.startsWith("cn-")) {
            return Region.AWS_CN_GLOBAL;
        }
        if (region.startsWith("us-gov-")) {
            return Region.AWS_US_GOV_GLOBAL;
        }
        return Region.AWS_GLOBAL;
    }

    private static SdkHttpClient.Builder<?> http() {
        return Apache5HttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60));
    }
}
