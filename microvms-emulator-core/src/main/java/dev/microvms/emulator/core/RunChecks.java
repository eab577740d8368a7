package dev.microvms.emulator.core;

import dev.microvms.model.HookState;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.Logging;
import dev.microvms.model.RunMicrovmRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The constraints of RunMicrovm, and its defaults for network connectors. */
final class RunChecks {
    private static final Pattern IMAGE_ARN =
            Pattern.compile("arn:aws[a-z\\-]*:lambda:[a-z0-9\\-]+:\\d{12}:microvm-image:.+");

    private RunChecks() {}

    static void check(RequestContext ctx, RunMicrovmRequest r) {
        Violations v = new Violations();
        if (v.notNull("imageIdentifier", r.imageIdentifier())) {
            if (r.imageIdentifier().contains(":microvm-image/")) {
                // The service refuses the slash form of the ARN as an authorization failure.
                throw new ApiException(ErrorType.ACCESS_DENIED, "");
            }
            v.string("imageIdentifier", r.imageIdentifier(), 1, 256, IMAGE_ARN);
        }
        v.string("imageVersion", r.imageVersion(), 1, 64, null);
        v.string("executionRoleArn", r.executionRoleArn(), 20, 2048, ImageConfigs.ROLE_ARN);
        v.size("ingressNetworkConnectors", r.ingressNetworkConnectors(), 0, 10);
        v.size("egressNetworkConnectors", r.egressNetworkConnectors(), 0, 10);
        idlePolicy(r.idlePolicy(), v);
        ImageConfigs.logging(r.logging(), v);
        if (r.runHookPayload() != null && r.runHookPayload().getBytes(StandardCharsets.UTF_8).length > 4096) {
            v.add("runHookPayload", "'***'", "Member must have length less than or equal to 4096");
        }
        v.range("maximumDurationInSeconds", r.maximumDurationInSeconds(), 1, 28_800);
        v.string("clientToken", r.clientToken(), 1, 128, null);
        v.throwIfAny();
        connectors(r.ingressNetworkConnectors());
        connectors(r.egressNetworkConnectors());
        List<String> ingress = ingress(ctx, r);
        if (ingress.size() > 1 && ingress.stream().anyMatch(a -> "ALL_INGRESS".equals(Arns.connectorName(a)))) {
            throw ApiException.validation(
                    "ALL_INGRESS network connector cannot be combined with other ingress" + " network connectors.");
        }
        if (r.logging() instanceof Logging.CloudWatch && r.executionRoleArn() == null) {
            throw ApiException.validation("Logging cannot be enabled without providing executionRoleArn");
        }
    }

    private static void idlePolicy(@Nullable IdlePolicy p, Violations v) {
        if (p == null) {
            return;
        }
        v.notNull("idlePolicy.maxIdleDurationSeconds", p.maxIdleDurationSeconds());
        v.notNull("idlePolicy.suspendedDurationSeconds", p.suspendedDurationSeconds());
        v.notNull("idlePolicy.autoResumeEnabled", p.autoResumeEnabled());
        v.range("idlePolicy.maxIdleDurationSeconds", p.maxIdleDurationSeconds(), 60, 28_800);
        v.range("idlePolicy.suspendedDurationSeconds", p.suspendedDurationSeconds(), 0, 28_800);
    }

    private static void connectors(@Nullable List<String> arns) {
        if (arns == null) {
            return;
        }
        for (String arn : arns) {
            if (!arn.startsWith("arn:")) {
                throw ApiException.validation("Malformed ARN - doesn't start with 'arn:'");
            }
            if (Arns.connectorName(arn) == null) {
                throw ApiException.validation("Malformed network connector ARN: " + arn);
            }
        }
    }

    static List<String> ingress(RequestContext ctx, RunMicrovmRequest r) {
        return r.ingressNetworkConnectors() == null
                        || r.ingressNetworkConnectors().isEmpty()
                ? List.of(Arns.connector(ctx.region(), "HTTP_INGRESS"))
                : r.ingressNetworkConnectors();
    }

    static List<String> egress(RequestContext ctx, RunMicrovmRequest r) {
        return r.egressNetworkConnectors() == null
                        || r.egressNetworkConnectors().isEmpty()
                ? List.of(Arns.connector(ctx.region(), "INTERNET_EGRESS"))
                : r.egressNetworkConnectors();
    }

    static boolean runHookEnabled(ImageVersion version) {
        return version.config().hooks() != null
                && version.config().hooks().microvmHooks() != null
                && version.config().hooks().microvmHooks().run() == HookState.ENABLED;
    }
}
