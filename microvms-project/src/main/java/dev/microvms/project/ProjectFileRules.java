package dev.microvms.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks of a bound {@code microvm.yml}: the limits of SERVICE.md, each with the way to fix it. */
final class ProjectFileRules {
    /** A problem at a dotted path, such as {@code hooks.port}. */
    record Problem(String path, String message) {}

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[a-z\\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\\-/]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
    private static final Pattern ENV_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final Pattern LOG_GROUP = Pattern.compile("[a-zA-Z0-9_\\-/.#]{1,512}");
    private static final Pattern LOG_STREAM = Pattern.compile("[^:*]{1,512}");
    private static final Set<String> INGRESS = Set.of("ALL_INGRESS", "HTTP_INGRESS", "SHELL_INGRESS", "NO_INGRESS");
    private static final Set<Integer> MEMORY_SIZES = Set.of(512, 1024, 2048, 4096, 8192);
    private static final Set<String> EGRESS = Set.of("INTERNET_EGRESS");

    private final ProjectFile p;
    private final List<Problem> problems = new ArrayList<>();

    ProjectFileRules(ProjectFile project) {
        this.p = project;
    }

    List<Problem> problems() {
        checkTopLevel();
        checkImage(p.image());
        checkArtifact(p.artifact());
        if (p.hooks() != null) {
            checkHooks(p.hooks());
        }
        checkRun(p.run());
        if (p.local().port() != null) {
            range("local.port", p.local().port(), 1, 65535, "a free port on 127.0.0.1, such as 4599");
        }
        return problems;
    }

    private void checkTopLevel() {
        if (p.name() == null || p.name().isBlank()) {
            problems.add(new Problem("name", "'name' is missing; add the image's name, such as 'name: my-app'."));
        } else if (!NAME.matcher(p.name()).matches()) {
            problems.add(new Problem(
                    "name",
                    "name '" + p.name()
                            + "' may hold only letters, digits, '-' and '_' (at most 64), such as 'my-app'."));
        }
        if (p.description() != null && p.description().length() > 256) {
            problems.add(new Problem(
                    "description",
                    "description is " + p.description().length() + " characters long; the service takes at most 256."));
        }
        if (p.region() != null && !REGION.matcher(p.region()).matches()) {
            problems.add(
                    new Problem("region", "region '" + p.region() + "' is not a Region; write one such as us-east-1."));
        }
    }

    private void checkImage(ProjectFile.Image image) {
        String base = image.baseImageOrDefault();
        if (!base.startsWith("arn:") && !base.equals(ProjectFile.MANAGED_BASE_IMAGE)) {
            problems.add(new Problem(
                    "image.baseImage",
                    "image.baseImage '" + base + "' is neither '" + ProjectFile.MANAGED_BASE_IMAGE
                            + "' (the managed base image) nor an image ARN."));
        }
        if (image.buildRoleArn() != null
                && !ROLE_ARN.matcher(image.buildRoleArn()).matches()) {
            problems.add(
                    new Problem(
                            "image.buildRoleArn",
                            "image.buildRoleArn '" + image.buildRoleArn()
                                    + "' is not an IAM role ARN; write one such as arn:aws:iam::123456789012:role/microvms-build."));
        }
        if (image.memoryInMiB() != null) {
            if (!MEMORY_SIZES.contains(image.memoryInMiB())) {
                problems.add(new Problem(
                        "image.memoryInMiB",
                        "image.memoryInMiB is " + image.memoryInMiB() + "; the service offers "
                                + MEMORY_SIZES.stream().sorted().toList() + " (2048 is 1 vCPU)."));
            }
        }
        if (image.environment() != null) {
            for (Map.Entry<String, String> e : image.environment().entrySet()) {
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    problems.add(new Problem(
                            "image.environment." + e.getKey(),
                            "environment variable name '" + e.getKey()
                                    + "' must start with a letter and hold only letters, digits and '_'."));
                }
            }
        }
        connectors("image.egress", image.egress(), EGRESS, 1);
        if (image.logGroup() != null && !LOG_GROUP.matcher(image.logGroup()).matches()) {
            problems.add(new Problem(
                    "image.logGroup",
                    "image.logGroup '" + image.logGroup() + "' is not a log group name: 1-512 letters, digits and"
                            + " _-/.#, such as /lambda-microvms/my-app."));
        }
    }

    private void checkArtifact(ProjectFile.Artifact artifact) {
        if (artifact.bucket() != null && !BUCKET.matcher(artifact.bucket()).matches()) {
            problems.add(new Problem(
                    "artifact.bucket",
                    "artifact.bucket '" + artifact.bucket()
                            + "' is not an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-'."));
        }
        String output = artifact.outputOrDefault();
        if (!output.endsWith(".zip") || output.startsWith("/") || output.contains("..")) {
            problems.add(new Problem(
                    "artifact.output",
                    "artifact.output '" + output
                            + "' must be a .zip path inside the project, such as target/microvm-artifact.zip."));
        }
    }

    private void checkHooks(ProjectFile.HookSettings hooks) {
        if (hooks.port() == null) {
            problems.add(new Problem(
                    "hooks.port",
                    "hooks.port is missing; add the port the app's hook listener binds," + " such as 'port: 9000'."));
        } else {
            range("hooks.port", hooks.port(), 1, 65535, "the port of the app's hook listener, such as 9000");
        }
        if (hooks.ready() == null || Boolean.FALSE.equals(hooks.ready().enabled())) {
            problems.add(new Problem(
                    "hooks",
                    "hooks.ready is missing or disabled; the service snapshots the app only"
                            + " after ready answers 200, so add 'ready: {timeoutSeconds: 60}'."));
        }
        timeout("hooks.ready", hooks.ready(), 900);
        timeout("hooks.validate", hooks.validate(), 900);
        timeout("hooks.run", hooks.runHook(), 900);
        timeout("hooks.resume", hooks.resume(), 900);
        timeout("hooks.suspend", hooks.suspend(), 900);
        timeout("hooks.terminate", hooks.terminate(), 900);
    }

    private void checkRun(ProjectFile.RunSettings run) {
        connectors("run.ingress", run.ingress(), INGRESS, 4);
        if (run.ingress() != null
                && run.ingress().contains("ALL_INGRESS")
                && run.ingress().size() > 1) {
            problems.add(new Problem(
                    "run.ingress",
                    "run.ingress: ALL_INGRESS cannot be combined with other ingress"
                            + " connectors; keep ALL_INGRESS alone or list the others."));
        }
        ProjectFile.Idle idle = run.idle();
        if (idle != null) {
            if (idle.maxIdleSeconds() == null || idle.suspendedSeconds() == null) {
                problems.add(new Problem(
                        "run.idle",
                        "run.idle needs both maxIdleSeconds and suspendedSeconds, such as"
                                + " {maxIdleSeconds: 900, suspendedSeconds: 3600}."));
            }
            if (idle.maxIdleSeconds() != null) {
                range("run.idle.maxIdleSeconds", idle.maxIdleSeconds(), 60, 28800, "a number of seconds from 60");
            }
            if (idle.suspendedSeconds() != null) {
                range("run.idle.suspendedSeconds", idle.suspendedSeconds(), 0, 1209600, "0 for at once, or seconds");
            }
        }
        if (run.maxDurationSeconds() != null) {
            range("run.maxDurationSeconds", run.maxDurationSeconds(), 1, 28800, "at most 8 hours in seconds");
        }
        checkRunRoleAndLogging(run);
        if (run.payload() != null && run.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
            problems.add(new Problem(
                    "run.payload",
                    "run.payload is over 4096 bytes, the service's limit; pass a"
                            + " reference (an S3 key, say) instead of the data."));
        }
    }

    private void checkRunRoleAndLogging(ProjectFile.RunSettings run) {
        if (run.executionRoleArn() != null
                && !ROLE_ARN.matcher(run.executionRoleArn()).matches()) {
            problems.add(new Problem(
                    "run.executionRoleArn",
                    "run.executionRoleArn '" + run.executionRoleArn()
                            + "' is not an IAM role ARN; write one such as arn:aws:iam::123456789012:role/my-app."));
        }
        ProjectFile.LogSettings logging = run.logging();
        if (logging == null) {
            return;
        }
        if (logging.logGroup() != null && !LOG_GROUP.matcher(logging.logGroup()).matches()) {
            problems.add(new Problem(
                    "run.logging.logGroup",
                    "run.logging.logGroup '" + logging.logGroup() + "' is not a log group name: 1-512 letters, digits"
                            + " and _-/.#, such as /lambda-microvms/my-app."));
        }
        if (logging.logStream() != null
                && !LOG_STREAM.matcher(logging.logStream()).matches()) {
            problems.add(new Problem(
                    "run.logging.logStream",
                    "run.logging.logStream '" + logging.logStream()
                            + "' is not a log stream name: 1-512 characters without ':' or '*'."));
        }
        if (!logging.on() && (logging.logGroup() != null || logging.logStream() != null)) {
            problems.add(new Problem(
                    "run.logging",
                    "run.logging says enabled: false but names a log group or stream; remove one or the other."));
        }
    }

    private void connectors(String path, @Nullable List<String> values, Set<String> names, int max) {
        if (values == null) {
            return;
        }
        if (values.size() > max) {
            problems.add(new Problem(path, path + " lists " + values.size() + " connectors; at most " + max + "."));
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || (!v.startsWith("arn:") && !names.contains(v))) {
                problems.add(new Problem(
                        path + "[" + i + "]",
                        path + " has '" + v + "'; use one of "
                                + names.stream().sorted().toList() + " or a network connector ARN."));
            }
        }
    }

    private void timeout(String path, ProjectFile.@Nullable Hook hook, int max) {
        if (hook != null && hook.timeoutSeconds() != null) {
            range(path + ".timeoutSeconds", hook.timeoutSeconds(), 1, max, "a number of seconds");
        }
    }

    private void range(String path, int value, int min, int max, String example) {
        if (value < min || value > max) {
            problems.add(new Problem(
                    path, path + " is " + value + "; it must be from " + min + " to " + max + ": " + example + "."));
        }
    }
}
