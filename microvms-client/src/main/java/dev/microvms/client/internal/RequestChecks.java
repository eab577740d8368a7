package dev.microvms.client.internal;

import dev.microvms.client.exception.InvalidRequestException;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.Logging;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.UntagResourceRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks, before anything is sent, the requests the service is known to refuse, or to refuse with a
 * misleading error (an AccessDeniedException for a slash-form ARN, a 404 for a bare name), and says how
 * to fix them.
 */
public final class RequestChecks {
    /** The largest run hook payload the live service accepts (its docs say 16 KB; it refuses more than this). */
    public static final int MAX_RUN_HOOK_PAYLOAD_BYTES = 4096;

    private static final Pattern IMAGE_NAME = Pattern.compile("[a-zA-Z0-9-_]+");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[a-z\\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final String ARN_EXAMPLE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:my-app";

    private RequestChecks() {}

    /**
     * Checks a request of any operation; requests without known traps pass.
     *
     * @param request the request
     */
    public static void check(Object request) {
        if (request instanceof CreateMicrovmImageRequest r) {
            required("CreateMicrovmImage", "name", r.name());
            imageName(r.name());
            imageConfig("CreateMicrovmImage", r.baseImageArn(), r.buildRoleArn(), r.codeArtifact());
        } else if (request instanceof UpdateMicrovmImageRequest r) {
            imageIdentifier("UpdateMicrovmImage", r.imageIdentifier(), false);
            imageConfig("UpdateMicrovmImage", r.baseImageArn(), r.buildRoleArn(), r.codeArtifact());
        } else if (request instanceof RunMicrovmRequest r) {
            run(r);
        } else if (request instanceof CreateMicrovmAuthTokenRequest r) {
            expiration(r.expirationInMinutes());
            allowedPorts(r);
        } else if (request instanceof CreateMicrovmShellAuthTokenRequest r) {
            expiration(r.expirationInMinutes());
        } else if (request instanceof TagResourceRequest r) {
            resourceArn("TagResource", r.resource());
            if (r.tags() == null || r.tags().isEmpty()) {
                throw new InvalidRequestException("TagResource needs at least one tag in tags.");
            }
            r.tags().forEach(RequestChecks::tag);
        } else if (request instanceof UntagResourceRequest r) {
            resourceArn("UntagResource", r.resource());
            if (r.tagKeys() == null || r.tagKeys().isEmpty()) {
                throw new InvalidRequestException("UntagResource needs at least one key in tagKeys.");
            }
        } else {
            maxResults(request);
        }
    }

    private static void run(RunMicrovmRequest r) {
        imageIdentifier("RunMicrovm", r.imageIdentifier(), true);
        if (r.runHookPayload() != null) {
            int bytes = r.runHookPayload().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_RUN_HOOK_PAYLOAD_BYTES) {
                throw new InvalidRequestException("runHookPayload is " + bytes + " bytes; the service accepts at most "
                        + MAX_RUN_HOOK_PAYLOAD_BYTES + " bytes (UTF-8), whatever its docs say. Send less, or send"
                        + " a reference (such as an S3 key) and fetch the data in the run hook.");
            }
        }
        idlePolicy(r.idlePolicy());
        Integer max = r.maximumDurationInSeconds();
        if (max != null && (max < 1 || max > 28_800)) {
            throw new InvalidRequestException("maximumDurationInSeconds is " + max
                    + "; use 1-28800 seconds (8 hours), or leave it out for the 8-hour default.");
        }
        if (r.logging() instanceof Logging.CloudWatch && r.executionRoleArn() == null) {
            throw new InvalidRequestException("logging sends logs to CloudWatch, which needs executionRoleArn: set"
                    + " an execution role that may write to the log group, or use Logging.disabled().");
        }
        if (r.executionRoleArn() != null) {
            roleArn("executionRoleArn", r.executionRoleArn());
        }
    }

    private static void idlePolicy(@Nullable IdlePolicy p) {
        if (p == null) {
            return;
        }
        if (p.maxIdleDurationSeconds() == null
                || p.suspendedDurationSeconds() == null
                || p.autoResumeEnabled() == null) {
            throw new InvalidRequestException("idlePolicy " + p + " is missing a member: the service needs all of"
                    + " maxIdleDurationSeconds, suspendedDurationSeconds and autoResumeEnabled.");
        }
        if (p.maxIdleDurationSeconds() < 60) {
            throw new InvalidRequestException("idlePolicy.maxIdleDurationSeconds is " + p.maxIdleDurationSeconds()
                    + "; the service needs at least 60 seconds.");
        }
        if (p.suspendedDurationSeconds() < 0) {
            throw new InvalidRequestException("idlePolicy.suspendedDurationSeconds is " + p.suspendedDurationSeconds()
                    + "; use 0 (terminate as soon as suspended) or more.");
        }
    }

    private static void expiration(@Nullable Integer minutes) {
        if (minutes == null || minutes < 1 || minutes > 60) {
            throw new InvalidRequestException(
                    "expirationInMinutes is " + minutes + "; a token lives 1-60 minutes, so pick a value in that"
                            + " range and mint a new token when it runs out.");
        }
    }

    private static void allowedPorts(CreateMicrovmAuthTokenRequest r) {
        if (r.allowedPorts() == null || r.allowedPorts().isEmpty()) {
            throw new InvalidRequestException("allowedPorts is empty; give at least one, such as"
                    + " AllowedPort.port(8080) or AllowedPort.allPorts().");
        }
        for (AllowedPort port : r.allowedPorts()) {
            if (port instanceof AllowedPort.Port p) {
                portNumber(p.port());
            } else if (port instanceof AllowedPort.Range range) {
                portNumber(range.range().startPort());
                portNumber(range.range().endPort());
                if (range.range().startPort() > range.range().endPort()) {
                    throw new InvalidRequestException(
                            "allowedPorts has the range " + range.range().startPort() + "-"
                                    + range.range().endPort() + ", which ends before it starts; swap the ports.");
                }
            }
        }
    }

    private static void portNumber(@Nullable Integer port) {
        if (port == null || port < 1 || port > 65_535) {
            throw new InvalidRequestException("allowedPorts has the port " + port + "; ports are 1-65535.");
        }
    }

    private static void maxResults(Object request) {
        Integer max = null;
        if (request instanceof ListMicrovmImagesRequest r) {
            max = r.maxResults();
        } else if (request instanceof ListMicrovmImageVersionsRequest r) {
            max = r.maxResults();
        } else if (request instanceof ListMicrovmImageBuildsRequest r) {
            max = r.maxResults();
        } else if (request instanceof ListManagedMicrovmImagesRequest r) {
            max = r.maxResults();
        } else if (request instanceof ListManagedMicrovmImageVersionsRequest r) {
            max = r.maxResults();
        } else if (request instanceof ListMicrovmsRequest r) {
            max = r.maxResults();
            if (r.imageIdentifier() != null) {
                imageIdentifier("ListMicrovms", r.imageIdentifier(), true);
            }
        }
        if (max != null && (max < 1 || max > 50)) {
            throw new InvalidRequestException("maxResults is " + max
                    + "; the service returns 1-50 items a page. Use a value in that range, or use the"
                    + " paginator, which fetches every page for you.");
        }
    }

    private static void imageName(String name) {
        if (name.isEmpty() || name.length() > 64 || !IMAGE_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name '" + name + "' is not a valid image name: use 1-64 letters,"
                    + " digits, '-' and '_' (the pattern [a-zA-Z0-9-_]+), such as 'my-app'.");
        }
    }

    private static void imageConfig(
            String operation,
            @Nullable String baseImageArn,
            @Nullable String buildRoleArn,
            @Nullable Object codeArtifact) {
        required(operation, "baseImageArn", baseImageArn);
        required(operation, "buildRoleArn", buildRoleArn);
        required(operation, "codeArtifact", codeArtifact);
        roleArn("buildRoleArn", buildRoleArn);
    }

    private static void roleArn(String member, String arn) {
        if (!ROLE_ARN.matcher(arn).matches()) {
            throw new InvalidRequestException(member + " '" + arn + "' is not an IAM role ARN; it must look like"
                    + " arn:aws:iam::123456789012:role/my-role.");
        }
    }

    /** An image identifier; where the service needs an ARN, a bare name is refused here, not with a 404. */
    private static void imageIdentifier(String operation, @Nullable String identifier, boolean arnRequired) {
        required(operation, "imageIdentifier", identifier);
        if (identifier.startsWith("arn:")) {
            slashForm(identifier);
        } else if (arnRequired) {
            throw new InvalidRequestException("imageIdentifier '" + identifier + "' is a bare image name; "
                    + operation + " needs the image ARN, such as " + ARN_EXAMPLE.replace("my-app", identifier)
                    + ". CreateMicrovmImage and GetMicrovmImage return it as imageArn.");
        }
    }

    private static void resourceArn(String operation, @Nullable String resource) {
        required(operation, "resource", resource);
        if (!resource.startsWith("arn:")) {
            throw new InvalidRequestException("resource '" + resource + "' is not an ARN; " + operation
                    + " needs the resource's ARN, such as " + ARN_EXAMPLE + ".");
        }
        slashForm(resource);
    }

    private static void slashForm(String arn) {
        int slash = arn.indexOf(":microvm-image/");
        if (slash >= 0) {
            String fixed =
                    arn.substring(0, slash) + ":microvm-image:" + arn.substring(slash + ":microvm-image/".length());
            throw new InvalidRequestException("'" + arn + "' is a slash-form ARN, which the service refuses with"
                    + " AccessDeniedException; use the colon form " + fixed + ".");
        }
    }

    /**
     * Checks a member that goes in the request's path: it must be there, and an ARN must not be in the
     * slash form.
     *
     * @param member the member's name
     * @param value its value
     */
    static void pathLabel(String member, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException(member + " is missing; it goes in the request's path, so the request"
                    + " cannot be sent without it. Set it on the request builder.");
        }
        if (value.startsWith("arn:")) {
            slashForm(value);
        }
    }

    private static void tag(String key, String value) {
        if (key.isEmpty() || key.length() > 128) {
            throw new InvalidRequestException("tag key '" + key + "' must be 1-128 characters.");
        }
        if (value.length() > 256) {
            throw new InvalidRequestException(
                    "tag '" + key + "' has a value of " + value.length() + " characters; tag values are at most 256.");
        }
    }

    private static void required(String operation, String member, @Nullable Object value) {
        if (value == null) {
            throw new InvalidRequestException(operation + " needs " + member + "; set it on the request builder.");
        }
    }
}
