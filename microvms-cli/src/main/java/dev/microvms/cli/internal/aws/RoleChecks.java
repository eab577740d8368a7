package dev.microvms.cli.internal.aws;

import static dev.microvms.cli.internal.aws.AwsChecks.FAIL;
import static dev.microvms.cli.internal.aws.AwsChecks.OK;
import static dev.microvms.cli.internal.aws.AwsChecks.WARN;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.cli.internal.AwsClients;
import dev.microvms.cli.internal.AwsFailures;
import dev.microvms.cli.internal.AwsService;
import dev.microvms.cli.internal.Settings;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/** doctor's role checks: the role exists, the service may assume it, and bootstrap's roles have their policy. */
final class RoleChecks {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z\\-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final @Nullable String account;
    private final CheckSink sink;

    RoleChecks(Settings settings, @Nullable String account, CheckSink sink) {
        this.settings = settings;
        this.account = account;
        this.sink = sink;
    }

    /**
     * @param check the check's name, {@code build role} or {@code execution role}
     * @param arn the role in use, or null
     * @param source where it comes from, for messages
     * @param plan what bootstrap made, when it made anything here
     * @param required whether nothing works without it (the build role) or only logging (the execution role)
     */
    void check(String check, @Nullable String arn, String source, @Nullable BootstrapPlan plan, boolean required) {
        if (arn == null) {
            sink.add(
                    required ? FAIL : WARN,
                    check,
                    "None is set (" + source + "); "
                            + (required ? "images cannot be built" : "MicroVMs run without" + " CloudWatch logging")
                            + ". Run 'lambda-microvms bootstrap' to make one.");
            return;
        }
        Matcher m = ROLE_ARN.matcher(arn);
        if (!m.matches()) {
            sink.add(FAIL, check, arn + " is not an IAM role ARN, such as arn:aws:iam::123456789012:role/name.");
            return;
        }
        if (account != null && !m.group(1).equals(account)) {
            sink.add(
                    WARN,
                    check,
                    arn + " is in account " + m.group(1) + ", not this one (" + account + "); it cannot"
                            + " be checked from here.");
            return;
        }
        String name = m.group(2);
        try (IamClient iam = AwsClients.iam(settings)) {
            Role role = iam.getRole(b -> b.roleName(name)).role();
            if (!trustsTheService(Bootstrapper.decode(role.assumeRolePolicyDocument()))) {
                sink.add(
                        FAIL,
                        check,
                        arn + " does not let " + BootstrapPlan.SERVICE_PRINCIPAL + " assume it; add a"
                                + " trust statement for it (see docs/aws.md), or run 'lambda-microvms bootstrap' for roles"
                                + " that have one.");
                return;
            }
            boolean bootstraps =
                    plan != null && (arn.equals(plan.buildRoleArn()) || arn.equals(plan.executionRoleArn()));
            if (bootstraps && !currentPolicy(iam, name, plan, required)) {
                sink.add(
                        WARN,
                        check,
                        arn + " is bootstrap's, but its policy is not the one bootstrap gives; run"
                                + " 'lambda-microvms bootstrap' to bring it in line.");
                return;
            }
            sink.add(OK, check, arn + " trusts " + BootstrapPlan.SERVICE_PRINCIPAL + " (" + source + ")");
        } catch (NoSuchEntityException e) {
            sink.add(
                    FAIL,
                    check,
                    arn + " does not exist (" + source + "); run 'lambda-microvms bootstrap' to make it,"
                            + " or set another in microvm.yml.");
        } catch (AwsServiceException e) {
            sink.add(
                    WARN,
                    check,
                    arn + " cannot be checked: IAM answered "
                            + e.awsErrorDetails().errorCode() + " (" + AwsFailures.message(e.getMessage())
                            + "); doctor needs iam:GetRole to check it.");
        } catch (RuntimeException e) {
            if (AwsFailures.network(e)) {
                sink.add(
                        FAIL,
                        check,
                        "IAM cannot be reached at " + settings.describeEndpoint(AwsService.IAM) + " ("
                                + AwsFailures.rootCause(e) + "): this is the network, not the role.");
            } else {
                sink.add(FAIL, check, arn + ": " + AwsFailures.rootCause(e));
            }
        }
    }

    private static boolean currentPolicy(IamClient iam, String name, BootstrapPlan plan, boolean build) {
        String policyName = build ? plan.buildPolicyName() : plan.executionPolicyName();
        try {
            String document =
                    Bootstrapper.decode(iam.getRolePolicy(b -> b.roleName(name).policyName(policyName))
                            .policyDocument());
            return BootstrapPlan.samePolicy(document, build ? plan.buildPolicy() : plan.executionPolicy());
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    /** @return whether a statement allows the service principal sts:AssumeRole */
    static boolean trustsTheService(String trustPolicy) {
        JsonNode policy;
        try {
            policy = JSON.readTree(trustPolicy);
        } catch (JsonProcessingException e) {
            return false;
        }
        JsonNode statements = policy.path("Statement");
        for (JsonNode s :
                statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if ("Allow".equals(s.path("Effect").asText())
                    && holds(s.path("Principal").path("Service"), BootstrapPlan.SERVICE_PRINCIPAL)
                    && (holds(s.path("Action"), "sts:AssumeRole") || holds(s.path("Action"), "sts:*"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(JsonNode value, String wanted) {
        if (value.isTextual()) {
            return value.asText().equals(wanted);
        }
        for (JsonNode v : value) {
            if (v.asText().equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
