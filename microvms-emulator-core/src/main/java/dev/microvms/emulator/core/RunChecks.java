package dev.microvms.emulator.core;

import dev.microvms.model.HookState;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.Logging;
import dev.microvms.model.RunMicrovmRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The constraints of RunMicrovm, and its defaults for network connectors. */
final class RunChecks {
    private RunChecks() {}

    static void check(RequestContext ctx, RunMicrovmRequest r) {
        Violations v = new Violations();
        if (v.notNull("imageIdentifier", r.imageIdentifier())) {
            if (r.imageIdentifier().contains(":microvm-image/")) {
                // The service refuses the slash form of the ARN as an authorization failure.
                throw new ApiException(ErrorType.ACCESS_DENIED, "");
            }
            // "ARN or ID", 1-256, no pattern: an identifier that names no image is a 404, as recorded.
            v.string("imageIdentifier", r.imageIdentifier(), 1, 256, null);
        }
        v.string("imageVersion", r.imageVersion(), 1, 2048, ImageConfigs.NON_BLANK);
        v.string("executionRoleArn", r.executionRoleArn(), 20, 2048, ImageConfigs.ROLE_ARN);
        connectorList("ingressNetworkConnectors", r.ingressNetworkConnectors(), 10, v);
        connectorList("egressNetworkConnectors", r.egressNetworkConnectors(), 10, v);
        idlePolicy(r.idlePolicy(), v);
        ImageConfigs.logging(r.logging(), v);
        String payload = r.runHookPayload();
        if (payload != null && payload.codePointCount(0, payload.length()) > 4096) {
            // Counted in characters, as the model counts; sensitive, so never shown.
            v.add("runHookPayload", "'***'", "Member must have length less than or equal to 4096");
        }
        v.range("maximumDurationInSeconds", r.maximumDurationInSeconds(), 1, 28_800);
        v.string("clientToken", r.clientToken(), 1, 128, null);
        v.throwIfAny();
        connectors(ctx, r.ingressNetworkConnectors(), true);
        connectors(ctx, r.egressNetworkConnectors(), false);
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
        // The model bounds both from below only.
        v.min("idlePolicy.maxIdleDurationSeconds", p.maxIdleDurationSeconds(), 60);
        v.min("idlePolicy.suspendedDurationSeconds", p.suspendedDurationSeconds(), 0);
    }

    /** Checks a list of network connectors' size and each element's length (NetworkConnector, 1-2048). */
    static void connectorList(String member, @Nullable List<String> arns, int max, Violations v) {
        v.size(member, arns, 0, max);
        if (arns != null) {
            for (String arn : arns) {
                if (v.notNull(member + ".member", arn)) {
                    v.string(member + ".member", arn, 1, 2048, null);
                }
            }
        }
    }

    /**
     * Checks that each connector is a built-in one, or an existing connector of the account. The emulator
     * has no network connector API, so an account's own connector (a well-formed ARN) is never found.
     *
     * @param ingress true for ingress connectors, which only the built-in ones can be
     */
    static void connectors(RequestContext ctx, @Nullable List<String> arns, boolean ingress) {
        if (arns == null) {
            return;
        }
        for (String arn : arns) {
            if (!arn.startsWith("arn:")) {
                throw ApiException.validation("Malformed ARN - doesn't start with 'arn:'");
            }
            if (Arns.connectorName(arn) != null) {
                continue;
            }
            if (!ingress && Arns.isAccountConnector(arn)) {
                throw ApiException.notFound("Network connector not found: " + arn
                        + ". The emulator has only the built-in connectors (" + String.join(", ", Arns.CONNECTORS)
                        + ").");
            }
            throw ApiException.validation("Malformed network connector ARN: " + arn);
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
