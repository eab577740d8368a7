package dev.microvms.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.microvms.model.Hooks;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A project's {@code microvm.yml}: how its image is built, where its artifact goes and how its MicroVMs run.
 * Load one with {@link ProjectFiles#load(Path)}, which checks every value and names the line of a bad one.
 *
 * <pre>{@code
 * name: hello-service
 * region: us-east-1
 * image:
 *   baseImage: al2023-1
 *   buildRoleArn: arn:aws:iam::123456789012:role/lambda-microvms-build
 *   memoryInMiB: 2048
 * artifact:
 *   bucket: my-artifacts
 *   build: mvn -B -q package -DskipTests
 * hooks:
 *   port: 9000
 *   ready: {timeoutSeconds: 60}
 *   run: {}
 * run:
 *   ingress: [HTTP_INGRESS, SHELL_INGRESS]
 *   idle: {maxIdleSeconds: 900, suspendedSeconds: 3600, autoResume: true}
 *   executionRoleArn: arn:aws:iam::123456789012:role/hello-service
 *   logging: {logGroup: /lambda-microvms/hello-service}
 * }</pre>
 *
 * @param name the image's name
 * @param description the image's description, or null
 * @param region the AWS Region, or null for the usual chain
 * @param profile the AWS profile, or null for the usual chain
 * @param image how the image is built
 * @param artifact where the code artifact is built and uploaded
 * @param hooks the lifecycle hooks the app serves, or null for none
 * @param run how {@code lambda-microvms run} starts MicroVMs
 * @param local settings for the local emulator
 */
public record ProjectFile(
        String name,
        @Nullable String description,
        @Nullable String region,
        @Nullable String profile,
        Image image,
        Artifact artifact,
        @Nullable HookSettings hooks,
        RunSettings run,
        Local local) {

    /** The managed base image's name, which stands for its ARN in the Region. */
    public static final String MANAGED_BASE_IMAGE = "al2023-1";

    /** Fills in the defaults of missing sections. */
    public ProjectFile {
        image = image == null ? new Image(null, null, null, null, null, null, null) : image;
        artifact = artifact == null ? new Artifact(null, null, null, null) : artifact;
        run = run == null ? new RunSettings(null, null, null, null, null, null, null) : run;
        local = local == null ? new Local(null) : local;
    }

    /**
     * @param baseImage the base image: {@value #MANAGED_BASE_IMAGE} or an ARN (default {@value #MANAGED_BASE_IMAGE})
     * @param baseImageVersion the base image's version, or null for its latest
     * @param buildRoleArn the IAM role the build assumes (required on AWS)
     * @param memoryInMiB the minimum memory, which picks the size class (2048 is 1 vCPU)
     * @param environment environment variables of the app
     * @param egress egress network connectors: names such as {@code INTERNET_EGRESS} or ARNs
     * @param logGroup a CloudWatch Logs group for the app's output, or null for none
     */
    public record Image(
            @Nullable String baseImage,
            @Nullable String baseImageVersion,
            @Nullable String buildRoleArn,
            @Nullable Integer memoryInMiB,
            @Nullable Map<String, String> environment,
            @Nullable List<String> egress,
            @Nullable String logGroup) {

        /** @return the base image, {@value ProjectFile#MANAGED_BASE_IMAGE} when none is set */
        public String baseImageOrDefault() {
            return baseImage == null ? MANAGED_BASE_IMAGE : baseImage;
        }

        /**
         * @param region the Region
         * @return the base image's ARN
         */
        public String baseImageArn(String region) {
            String b = baseImageOrDefault();
            return b.startsWith("arn:") ? b : "arn:aws:lambda:" + region + ":aws:microvm-image:" + b;
        }
    }

    /**
     * @param bucket the S3 bucket for the code artifact (on the emulator, created when missing)
     * @param prefix the key prefix in the bucket, such as {@code hello-service/}
     * @param build the command that builds what the Dockerfile copies, run in the project directory before
     *     packaging, such as {@code mvn -B -q package -DskipTests}; null for none
     * @param output where {@code package} writes the zip, relative to the project (default
     *     {@code target/microvm-artifact.zip})
     */
    public record Artifact(
            @Nullable String bucket, @Nullable String prefix, @Nullable String build, @Nullable String output) {

        /** @return the zip's path relative to the project */
        public String outputOrDefault() {
            return output == null ? "target/microvm-artifact.zip" : output;
        }

        /** @return the key prefix, empty when none is set */
        public String prefixOrDefault() {
            return prefix == null ? "" : prefix;
        }
    }

    /**
     * The hooks the app serves; a hook named here is enabled unless it says {@code enabled: false}.
     *
     * @param port the port the app's hook listener binds (9000 by convention)
     * @param ready the build's ready hook (required when hooks are used)
     * @param validate the build's validate hook
     * @param run called with the run payload before traffic flows
     * @param resume called after a resume
     * @param suspend called before a suspend
     * @param terminate called before termination
     */
    public record HookSettings(
            @Nullable Integer port,
            @Nullable Hook ready,
            @Nullable Hook validate,
            @JsonProperty("run") @Nullable Hook runHook,
            @Nullable Hook resume,
            @Nullable Hook suspend,
            @Nullable Hook terminate) {

        /** @return the service's shape of these hooks */
        public Hooks toModel() {
            return Hooks.builder()
                    .port(port)
                    .microvmImageHooks(MicrovmImageHooks.builder()
                            .ready(Hook.state(ready))
                            .readyTimeoutInSeconds(Hook.timeout(ready))
                            .validate(Hook.state(validate))
                            .validateTimeoutInSeconds(Hook.timeout(validate))
                            .build())
                    .microvmHooks(MicrovmHooks.builder()
                            .run(Hook.state(runHook))
                            .runTimeoutInSeconds(Hook.timeout(runHook))
                            .resume(Hook.state(resume))
                            .resumeTimeoutInSeconds(Hook.timeout(resume))
                            .suspend(Hook.state(suspend))
                            .suspendTimeoutInSeconds(Hook.timeout(suspend))
                            .terminate(Hook.state(terminate))
                            .terminateTimeoutInSeconds(Hook.timeout(terminate))
                            .build())
                    .build();
        }
    }

    /**
     * One hook.
     *
     * @param enabled false to list the hook but not call it
     * @param timeoutSeconds how long the service waits for its answer
     */
    public record Hook(@Nullable Boolean enabled, @Nullable Integer timeoutSeconds) {
        static dev.microvms.model.@Nullable HookState state(@Nullable Hook hook) {
            if (hook == null) {
                return null;
            }
            return Boolean.FALSE.equals(hook.enabled)
                    ? dev.microvms.model.HookState.DISABLED
                    : dev.microvms.model.HookState.ENABLED;
        }

        static @Nullable Integer timeout(@Nullable Hook hook) {
            return hook == null ? null : hook.timeoutSeconds;
        }
    }

    /**
     * @param ingress ingress network connectors: names such as {@code HTTP_INGRESS} or ARNs
     * @param idle the idle policy, or null to never suspend on idleness
     * @param maxDurationSeconds the longest a MicroVM lives, suspended time included, or null for the service's
     * @param payload the run hook's payload, or null
     * @param imageVersion the version to run, or null for the latest active one
     * @param executionRoleArn the role the MicroVM runs as, which also writes its logs; null for the one {@code
     *     lambda-microvms bootstrap} recorded, if any
     * @param logging where the MicroVM's output goes in CloudWatch Logs, or null for the defaults
     */
    public record RunSettings(
            @Nullable List<String> ingress,
            @Nullable Idle idle,
            @Nullable Integer maxDurationSeconds,
            @Nullable String payload,
            @Nullable String imageVersion,
            @Nullable String executionRoleArn,
            @Nullable LogSettings logging) {}

    /**
     * Where a MicroVM's stdout and stderr go. Without this section, {@code run} logs to {@code
     * /lambda-microvms/<name>} whenever it knows an execution role that may write there (bootstrap's).
     *
     * @param enabled false to run without CloudWatch logging
     * @param logGroup the log group, such as {@code /lambda-microvms/hello-service}
     * @param logStream the log stream, or null for the service's (the emulator names it after the MicroVM)
     */
    public record LogSettings(@Nullable Boolean enabled, @Nullable String logGroup, @Nullable String logStream) {
        /** @return false only when {@code enabled: false} is written */
        public boolean on() {
            return !Boolean.FALSE.equals(enabled);
        }
    }

    /**
     * @param maxIdleSeconds suspend after this long without an inbound request (at least 60)
     * @param suspendedSeconds terminate after this long suspended
     * @param autoResume resume on the next request
     */
    public record Idle(
            @Nullable Integer maxIdleSeconds, @Nullable Integer suspendedSeconds, @Nullable Boolean autoResume) {
        /** @return the service's shape of this policy */
        public IdlePolicy toModel() {
            return new IdlePolicy(maxIdleSeconds, suspendedSeconds, Boolean.TRUE.equals(autoResume));
        }
    }

    /** @param port the emulator's port, or null for 4599 */
    public record Local(@Nullable Integer port) {}

    /**
     * @param region the Region
     * @param connector a connector's name, such as {@code HTTP_INGRESS}, or its ARN
     * @return the connector's ARN
     */
    public static String connectorArn(String region, String connector) {
        return connector.startsWith("arn:")
                ? connector
                : "arn:aws:lambda:" + region + ":aws:network-connector:aws-network-connector:" + connector;
    }
}
