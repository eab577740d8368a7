package dev.microvms.cli.internal.aws;

import dev.microvms.cli.internal.AwsClients;
import dev.microvms.cli.internal.AwsFailures;
import dev.microvms.cli.internal.AwsService;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.Settings;
import dev.microvms.client.exception.AccessDeniedException;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmState;
import dev.microvms.project.ProjectFile;
import dev.microvms.sdk.Microvms;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * {@code doctor}'s checks of an account, online: the endpoint in use, the Region, the credentials and whose they
 * are (STS), whether the Region offers the service, the bucket, the two roles, CloudWatch Logs, and what counts
 * against the account's quotas. Each check is OK, WARN or FAIL with the fix, and a network failure is told apart
 * from a missing resource.
 */
public final class AwsChecks {
    /** Passed. */
    public static final String OK = "OK";
    /** Works, but something may bite. */
    public static final String WARN = "WARN";
    /** Blocks a deploy or a run. */
    public static final String FAIL = "FAIL";

    /**
     * One check's outcome.
     *
     * @param name what was checked
     * @param status {@value #OK}, {@value #WARN} or {@value #FAIL}
     * @param detail what was found, and for WARN and FAIL how to fix it
     */
    public record Check(String name, String status, String detail) {}

    private final Settings settings;
    private final @Nullable ProjectFile file;
    private final CliContext context;
    private final List<Check> checks = new ArrayList<>();
    private boolean recordLooked;

    /**
     * @param settings this run's settings
     * @param file the project's microvm.yml, or null outside a project
     * @param context this run's context
     */
    public AwsChecks(Settings settings, @Nullable ProjectFile file, CliContext context) {
        this.settings = settings;
        this.file = file;
        this.context = context;
    }

    /** @return every check's outcome, in order; checks that need what failed before are left out */
    public List<Check> run() {
        add(OK, "endpoint", endpoints());
        String region;
        try {
            region = settings.regionOrChain();
            add(OK, "region", region);
        } catch (RuntimeException e) {
            add(FAIL, "region", e.getMessage());
            return checks;
        }
        if (!credentials()) {
            return checks;
        }
        String account = identity();
        Microvms microvms = ConnectionOptions.open(context, settings);
        try (microvms) {
            int images = service(microvms, region);
            AccountRecord record = account == null ? null : record(account);
            BootstrapPlan plan = record == null ? null : BootstrapPlan.of(account, region, record.bucket());
            RoleChecks roles = new RoleChecks(settings, account, this::add);
            Setting bucket = setting(
                    "artifact.bucket", file == null ? null : file.artifact().bucket(), record, AccountRecord::bucket);
            if (known("bucket", bucket)) {
                new BucketCheck(settings, region, this::add).check(bucket.value(), bucket.source());
            }
            Setting build = setting(
                    "image.buildRoleArn",
                    file == null ? null : file.image().buildRoleArn(),
                    record,
                    AccountRecord::buildRoleArn);
            if (known("build role", build)) {
                roles.check("build role", build.value(), build.source(), plan, true);
            }
            Setting execution = setting(
                    "run.executionRoleArn",
                    file == null ? null : file.run().executionRoleArn(),
                    record,
                    AccountRecord::executionRoleArn);
            if (known("execution role", execution)) {
                roles.check("execution role", execution.value(), execution.source(), plan, false);
            }
            logs();
            if (images >= 0) {
                quotas(microvms, images);
            }
        }
        return checks;
    }

    void add(String status, String name, String detail) {
        checks.add(new Check(name, status, detail));
    }

    private String endpoints() {
        String microvms = settings.describeEndpoint(AwsService.LAMBDA_MICROVMS);
        List<String> others = new ArrayList<>();
        for (AwsService s : List.of(AwsService.S3, AwsService.IAM, AwsService.STS, AwsService.CLOUDWATCH_LOGS)) {
            String d = settings.describeEndpoint(s);
            if (!d.equals(microvms)) {
                others.add(s.name() + " " + d);
            }
        }
        return "MicroVMs API: " + microvms
                + (others.isEmpty()
                        ? "; S3, IAM, STS and CloudWatch Logs: the same"
                        : "; " + String.join("; ", others));
    }

    private boolean credentials() {
        AwsCredentialsProvider provider = settings.credentials() != null
                ? settings.credentials()
                : DefaultCredentialsProvider.builder().build();
        try {
            String key = provider.resolveCredentials().accessKeyId();
            String shown = key.length() > 8 ? key.substring(0, 4) + "..." + key.substring(key.length() - 4) : key;
            add(
                    OK,
                    "credentials",
                    "access key " + shown
                            + (provider instanceof ProfileCredentialsProvider
                                    ? " from profile " + settings.profile()
                                    : settings.credentials() != null ? " from AWS_ACCESS_KEY_ID" : ""));
            return true;
        } catch (RuntimeException e) {
            add(FAIL, "credentials", AwsFailures.NO_CREDENTIALS);
            return false;
        }
    }

    /** @return the account, or null when STS could not say */
    private @Nullable String identity() {
        try (StsClient sts = AwsClients.sts(settings)) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            add(OK, "identity", me.arn() + " (account " + me.account() + ")");
            return me.account();
        } catch (RuntimeException e) {
            if (AwsFailures.network(e)) {
                add(
                        FAIL,
                        "identity",
                        "STS cannot be reached at " + settings.describeEndpoint(AwsService.STS) + " ("
                                + AwsFailures.rootCause(e)
                                + "): this is the network, not the account; check the connection,"
                                + " a proxy, or AWS_ENDPOINT_URL.");
            } else if (e instanceof AwsServiceException a) {
                add(
                        FAIL,
                        "identity",
                        "The credentials were refused (" + a.awsErrorDetails().errorCode() + ": "
                                + AwsFailures.message(a.getMessage())
                                + "); refresh them ('aws sso login') or set others.");
            } else {
                add(FAIL, "identity", "STS failed: " + AwsFailures.rootCause(e));
            }
            return null;
        }
    }

    /** @return the account's images, or -1 when the service could not be asked */
    private int service(Microvms microvms, String region) {
        String where = settings.describeEndpoint(AwsService.LAMBDA_MICROVMS);
        try {
            int images =
                    (int) microvms
                            .client()
                            .listMicrovmImagesPaginator(ListMicrovmImagesRequest.builder()
                                    .maxResults(50)
                                    .build())
                            .stream()
                            .count();
            add(OK, "service", "Lambda MicroVMs answers in " + region + " at " + where);
            return images;
        } catch (AccessDeniedException e) {
            if (e.errorMessage() == null || e.errorMessage().isBlank()) {
                add(
                        FAIL,
                        "service",
                        "Lambda MicroVMs does not run in " + region + " (it answers AccessDeniedException"
                                + " with no message there); use us-east-1, us-east-2, us-west-2, eu-west-1 or ap-northeast-1"
                                + " with --region or region: in microvm.yml.");
            } else {
                add(
                        FAIL,
                        "service",
                        "Your identity may not call Lambda MicroVMs: " + e.errorMessage()
                                + "; ask for the lambda permissions of the MicroVMs API in " + region + ".");
            }
        } catch (MicrovmsServiceException e) {
            add(FAIL, "service", e.errorCode() + ": " + e.errorMessage());
        } catch (MicrovmsClientException e) {
            if (AwsFailures.network(e)) {
                add(
                        FAIL,
                        "service",
                        "Lambda MicroVMs cannot be reached at " + where + " ("
                                + AwsFailures.rootCause(e) + "): this is the network; check the connection, a proxy, or"
                                + " AWS_ENDPOINT_URL.");
            } else {
                add(FAIL, "service", e.getMessage());
            }
        }
        return -1;
    }

    private @Nullable AccountRecord record(String account) {
        recordLooked = true;
        try {
            return AccountRecord.read(AccountRecord.file(settings.home(), account, settings.regionOrChain()));
        } catch (java.io.UncheckedIOException e) {
            add(WARN, "bootstrap", e.getMessage());
            return null;
        }
    }

    /**
     * A setting and where it came from.
     *
     * @param value the value, or null when nothing sets it
     * @param source where it came from, or what was looked at
     * @param known false when the account is unknown, so bootstrap's record could not be looked at
     */
    private record Setting(@Nullable String value, String source, boolean known) {}

    private Setting setting(
            String key,
            @Nullable String fromProject,
            @Nullable AccountRecord record,
            Function<AccountRecord, String> fromRecord) {
        if (fromProject != null) {
            return new Setting(fromProject, key + " in microvm.yml", true);
        }
        if (record != null) {
            return new Setting(fromRecord.apply(record), "bootstrap's record", true);
        }
        return new Setting(null, "microvm.yml sets no " + key + " and bootstrap recorded nothing here", recordLooked);
    }

    /** @return whether the setting can be checked; says why not when the account could not be told */
    private boolean known(String name, Setting setting) {
        if (!setting.known()) {
            add(
                    FAIL,
                    name,
                    "Unknown: microvm.yml sets none, and bootstrap's record is kept per account, which STS"
                            + " could not tell (see identity).");
        }
        return setting.known();
    }

    private void logs() {
        String where = settings.describeEndpoint(AwsService.CLOUDWATCH_LOGS);
        try (CloudWatchLogsClient logs = AwsClients.logs(settings)) {
            int groups = logs.describeLogGroups(b ->
                            b.logGroupNamePrefix(BootstrapPlan.LOG_GROUP_PREFIX).limit(50))
                    .logGroups()
                    .size();
            add(
                    OK,
                    "logs",
                    "CloudWatch Logs answers at " + where + "; " + groups + " log group(s) under "
                            + BootstrapPlan.LOG_GROUP_PREFIX);
        } catch (AwsServiceException e) {
            add(
                    WARN,
                    "logs",
                    "CloudWatch Logs refused DescribeLogGroups ("
                            + e.awsErrorDetails().errorCode()
                            + "); 'logs' needs logs:DescribeLogStreams and logs:FilterLogEvents.");
        } catch (RuntimeException e) {
            add(FAIL, "logs", "CloudWatch Logs cannot be reached at " + where + " (" + AwsFailures.rootCause(e) + ").");
        }
    }

    private void quotas(Microvms microvms, int images) {
        long live =
                microvms
                        .client()
                        .listMicrovmsPaginator(
                                ListMicrovmsRequest.builder().maxResults(50).build())
                        .stream()
                        .filter(m -> m.state() != MicrovmState.TERMINATED && m.state() != MicrovmState.TERMINATING)
                        .count();
        add(
                OK,
                "quotas",
                images + " image(s), " + live + " MicroVM(s) not terminated. Past the account's image quota"
                        + " or memory quota the service answers ServiceQuotaExceededException (HTTP 402), and it throttles"
                        + " RunMicrovm at 5 per second; see Service Quotas in the console to raise them.");
    }
}
