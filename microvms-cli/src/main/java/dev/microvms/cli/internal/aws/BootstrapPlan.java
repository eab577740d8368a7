package dev.microvms.cli.internal.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * What {@code lambda-microvms bootstrap} makes in an account and Region, and the policies it gives, each with
 * the least the service needs:
 *
 * <ul>
 *   <li>the artifact bucket {@code lambda-microvms-<account>-<region>}: in the Region, SSE-S3 encrypted (so
 *       that reading needs no KMS permission), every public access blocked;
 *   <li>the build role {@code lambda-microvms-build-<region>}: trusted by {@value #SERVICE_PRINCIPAL}, may
 *       read the bucket's objects ({@code s3:GetObject}) and write logs under {@value #LOG_GROUP_PREFIX};
 *   <li>the execution role {@code lambda-microvms-execution-<region>}: trusted the same way, may write logs
 *       under {@value #LOG_GROUP_PREFIX}, and nothing else.
 * </ul>
 *
 * <p>Roles are global in IAM, so their names carry the Region, and each role's policy names only its Region's
 * bucket and log groups.
 *
 * @param account the account id
 * @param region the Region
 * @param bucket the artifact bucket's name
 */
public record BootstrapPlan(String account, String region, String bucket) {
    /**
     * The principal the service assumes roles as. An assumption: neither the service's model nor the recorded
     * answers name it; the service shares Lambda's signing name ({@code lambda}) and endpoint, so it is taken to
     * be Lambda's. If the service documents another, this is the one place to change.
     */
    public static final String SERVICE_PRINCIPAL = "lambda.amazonaws.com";

    /** The log groups bootstrap's roles may write to, and where {@code run} and {@code deploy} log by default. */
    public static final String LOG_GROUP_PREFIX = "/lambda-microvms/";

    /** The tag that marks what bootstrap made, so that it never takes over a role someone else made. */
    public static final String TAG_KEY = "lambda-microvms";

    /** The tag's value. */
    public static final String TAG_VALUE = "bootstrap";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Policies as people write them: {@code "Effect": "Allow"}, two spaces in. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    /**
     * @param account the account id
     * @param region the Region
     * @param bucket a bucket name, or null for {@code lambda-microvms-<account>-<region>}
     * @return the plan
     */
    public static BootstrapPlan of(String account, String region, @Nullable String bucket) {
        return new BootstrapPlan(account, region, bucket != null ? bucket : defaultBucket(account, region));
    }

    /** @return the bucket bootstrap makes unless told another: {@code lambda-microvms-<account>-<region>} */
    public static String defaultBucket(String account, String region) {
        return "lambda-microvms-" + account + "-" + region;
    }

    /**
     * @param imageName an image's name
     * @return the log group its MicroVMs and builds log to by default
     */
    public static String logGroup(String imageName) {
        return LOG_GROUP_PREFIX + imageName;
    }

    /** @return the ARN partition of the Region: {@code aws}, {@code aws-cn} or {@code aws-us-gov} */
    public String partition() {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** @return the build role's name */
    public String buildRoleName() {
        return "lambda-microvms-build-" + region;
    }

    /** @return the execution role's name */
    public String executionRoleName() {
        return "lambda-microvms-execution-" + region;
    }

    /** @return the build role's ARN */
    public String buildRoleArn() {
        return roleArn(buildRoleName());
    }

    /** @return the execution role's ARN */
    public String executionRoleArn() {
        return roleArn(executionRoleName());
    }

    /** @return the name of the inline policy of the build role */
    public String buildPolicyName() {
        return "lambda-microvms-build";
    }

    /** @return the name of the inline policy of the execution role */
    public String executionPolicyName() {
        return "lambda-microvms-execution";
    }

    /** @return the trust policy of both roles: the service may assume them, no one else */
    public String trustPolicy() {
        ObjectNode policy = policy();
        ObjectNode statement = policy.withArray("Statement").addObject();
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", SERVICE_PRINCIPAL);
        statement.put("Action", "sts:AssumeRole");
        return write(policy);
    }

    /** @return the build role's permissions: read the code artifacts, write the build's logs */
    public String buildPolicy() {
        ObjectNode policy = policy();
        ObjectNode read = policy.withArray("Statement").addObject();
        read.put("Sid", "ReadCodeArtifacts");
        read.put("Effect", "Allow");
        read.put("Action", "s3:GetObject");
        read.put("Resource", "arn:" + partition() + ":s3:::" + bucket + "/*");
        policy.withArray("Statement").add(writeLogs("WriteBuildLogs"));
        return write(policy);
    }

    /** @return the execution role's permissions: write the MicroVM's logs */
    public String executionPolicy() {
        ObjectNode policy = policy();
        policy.withArray("Statement").add(writeLogs("WriteMicrovmLogs"));
        return write(policy);
    }

    /**
     * @param a a policy document
     * @param b another
     * @return whether they say the same, whatever their spacing
     */
    public static boolean samePolicy(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private ObjectNode writeLogs(String sid) {
        ObjectNode logs = JSON.createObjectNode();
        logs.put("Sid", sid);
        logs.put("Effect", "Allow");
        logs.putArray("Action")
                .add("logs:CreateLogGroup")
                .add("logs:CreateLogStream")
                .add("logs:PutLogEvents");
        // One resource covers both forms: the group (CreateLogGroup) and its streams (the others).
        logs.put(
                "Resource",
                "arn:" + partition() + ":logs:" + region + ":" + account + ":log-group:" + LOG_GROUP_PREFIX + "*");
        return logs;
    }

    private String roleArn(String name) {
        return "arn:" + partition() + ":iam::" + account + ":role/" + name;
    }

    private static ObjectNode policy() {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        policy.putArray("Statement");
        return policy;
    }

    private static String write(JsonNode policy) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
