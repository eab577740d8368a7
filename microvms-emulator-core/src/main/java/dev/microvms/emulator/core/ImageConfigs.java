package dev.microvms.emulator.core;

import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CpuConfiguration;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.Logging;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.OsCapability;
import dev.microvms.model.ResourceRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks the build configuration of CreateMicrovmImage and UpdateMicrovmImage against the service's
 * constraints, and fills in the service's defaults.
 */
final class ImageConfigs {
    static final Pattern NON_BLANK = Pattern.compile("[^\\s]+");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z\\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern LOG_GROUP = Pattern.compile("[a-zA-Z0-9_\\-/.#]+");
    private static final Pattern LOG_STREAM = Pattern.compile("[^:*]*");
    private static final Set<Integer> MEMORY_CLASSES = Set.of(512, 1024, 2048, 4096, 8192);

    private ImageConfigs() {}

    /** The members shared by both operations, as given. */
    record Given(
            @Nullable String baseImageArn,
            @Nullable String baseImageVersion,
            @Nullable String buildRoleArn,
            @Nullable String description,
            @Nullable CodeArtifact codeArtifact,
            @Nullable Logging logging,
            @Nullable List<String> egressNetworkConnectors,
            @Nullable List<CpuConfiguration> cpuConfigurations,
            @Nullable List<ResourceRequirement> resources,
            @Nullable List<OsCapability> additionalOsCapabilities,
            @Nullable Hooks hooks,
            @Nullable Map<String, String> environmentVariables) {}

    /** Records every constraint the configuration breaks. */
    static void check(Given g, Violations v) {
        if (v.notNull("baseImageArn", g.baseImageArn())) {
            v.string("baseImageArn", g.baseImageArn(), 1, 2048, NON_BLANK);
        }
        if (v.notNull("codeArtifact", g.codeArtifact())) {
            String uri = g.codeArtifact() instanceof CodeArtifact.Uri u ? u.uri() : null;
            if (v.notNull("codeArtifact.uri", uri)) {
                v.string("codeArtifact.uri", uri, 1, 2048, NON_BLANK);
            }
        }
        if (v.notNull("buildRoleArn", g.buildRoleArn())) {
            v.string("buildRoleArn", g.buildRoleArn(), 20, 2048, ROLE_ARN);
        }
        v.string("baseImageVersion", g.baseImageVersion(), 1, 2048, NON_BLANK);
        // description is an unconstrained String in the model.
        RunChecks.connectorList("egressNetworkConnectors", g.egressNetworkConnectors(), 1, v);
        v.size("resources", g.resources(), 0, 1);
        v.size("environmentVariables", g.environmentVariables(), 0, 50);
        if (g.environmentVariables() != null) {
            g.environmentVariables().forEach((key, value) -> {
                v.string("environmentVariables.key", key, 1, 256, NON_BLANK);
                if (value != null && value.length() > 4096) {
                    v.add("environmentVariables.value", "'***'", "Member must have length less than or equal to 4096");
                }
            });
        }
        if (g.resources() != null) {
            for (ResourceRequirement r : g.resources()) {
                if (v.notNull("resources.member.minimumMemoryInMiB", r.minimumMemoryInMiB())
                        && !MEMORY_CLASSES.contains(r.minimumMemoryInMiB())) {
                    v.add(
                            "resources.member.minimumMemoryInMiB",
                            "'" + r.minimumMemoryInMiB() + "'",
                            "Member must be one of [512, 1024, 2048, 4096, 8192]");
                }
            }
        }
        if (g.cpuConfigurations() != null) {
            for (CpuConfiguration c : g.cpuConfigurations()) {
                if (v.notNull("cpuConfigurations.member.architecture", c.architecture())) {
                    v.known("cpuConfigurations.member.architecture", c.architecture(), "ARM_64");
                }
            }
        }
        if (g.additionalOsCapabilities() != null) {
            g.additionalOsCapabilities().forEach(c -> v.known("additionalOsCapabilities.member", c, "ALL"));
        }
        logging(g.logging(), v);
        hooks(g.hooks(), v);
    }

    static void logging(@Nullable Logging logging, Violations v) {
        if (logging instanceof Logging.Unknown unknown) {
            v.add(
                    "logging",
                    "'" + unknown.member() + "'",
                    "Member must be one of the union's members: [disabled, cloudWatch]");
        } else if (logging instanceof Logging.CloudWatch cw) {
            v.string("logging.cloudWatch.logGroup", cw.cloudWatch().logGroup(), 1, 512, LOG_GROUP);
            v.string("logging.cloudWatch.logStream", cw.cloudWatch().logStream(), 1, 512, LOG_STREAM);
        }
    }

    private static void hooks(@Nullable Hooks hooks, Violations v) {
        if (hooks == null) {
            return;
        }
        v.range("hooks.port", hooks.port(), 1, 65535);
        MicrovmHooks runtime = hooks.microvmHooks();
        MicrovmImageHooks build = hooks.microvmImageHooks();
        boolean anyRuntime = false;
        boolean anyEnabled = false;
        if (runtime != null) {
            state("hooks.microvmHooks.run", runtime.run(), v);
            state("hooks.microvmHooks.resume", runtime.resume(), v);
            state("hooks.microvmHooks.suspend", runtime.suspend(), v);
            state("hooks.microvmHooks.terminate", runtime.terminate(), v);
            v.range("hooks.microvmHooks.runTimeoutInSeconds", runtime.runTimeoutInSeconds(), 1, 60);
            v.range("hooks.microvmHooks.resumeTimeoutInSeconds", runtime.resumeTimeoutInSeconds(), 1, 60);
            v.range("hooks.microvmHooks.suspendTimeoutInSeconds", runtime.suspendTimeoutInSeconds(), 1, 60);
            v.range("hooks.microvmHooks.terminateTimeoutInSeconds", runtime.terminateTimeoutInSeconds(), 1, 60);
            anyRuntime = enabled(runtime.run())
                    || enabled(runtime.resume())
                    || enabled(runtime.suspend())
                    || enabled(runtime.terminate());
        }
        if (build != null) {
            state("hooks.microvmImageHooks.ready", build.ready(), v);
            state("hooks.microvmImageHooks.validate", build.validate(), v);
            v.range("hooks.microvmImageHooks.readyTimeoutInSeconds", build.readyTimeoutInSeconds(), 1, 3600);
            v.range("hooks.microvmImageHooks.validateTimeoutInSeconds", build.validateTimeoutInSeconds(), 1, 3600);
            anyEnabled = enabled(build.ready()) || enabled(build.validate());
        }
        if ((anyRuntime || anyEnabled) && hooks.port() == null) {
            v.add("hooks.port", "null", "Member must not be null when a hook is enabled");
        }
        if (anyRuntime && (build == null || !enabled(build.ready()))) {
            v.add(
                    "hooks.microvmImageHooks.ready",
                    build == null ? "null" : "'" + build.ready() + "'",
                    "Member must be ENABLED when a runtime hook is enabled");
        }
    }

    private static void state(String member, @Nullable HookState state, Violations v) {
        v.known(member, state, "DISABLED", "ENABLED");
    }

    static boolean enabled(@Nullable HookState state) {
        return state == HookState.ENABLED;
    }

    /** The configuration with the service's defaults, as the live service answers it. */
    static ImageConfig withDefaults(Given g, String region) {
        List<String> egress = g.egressNetworkConnectors() == null
                        || g.egressNetworkConnectors().isEmpty()
                ? List.of(Arns.connector(region, "INTERNET_EGRESS"))
                : g.egressNetworkConnectors();
        List<ResourceRequirement> resources =
                g.resources() == null || g.resources().isEmpty()
                        ? List.of(new ResourceRequirement(2048))
                        : g.resources();
        return new ImageConfig(
                g.baseImageArn(),
                g.baseImageVersion() == null ? "1.0" : g.baseImageVersion(),
                g.buildRoleArn(),
                g.description(),
                g.codeArtifact(),
                g.logging(),
                egress,
                g.cpuConfigurations(),
                resources,
                g.additionalOsCapabilities(),
                g.hooks(),
                g.environmentVariables());
    }
}
