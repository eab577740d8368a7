package dev.microvms.client;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.Logging;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import dev.microvms.model.UntagResourceRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The request cases of {@link RequestChecksTest}, as data: each refused case names the value the message
 * must name and a fragment of the fix it must give; each accepted case sits on the other side of the same
 * limit. The tables hold builders, so that each case reads as the one member it changes.
 */
final class RequestCases {
    static final String IMAGE_ARN = "arn:aws:lambda:us-east-1:123456789012:microvm-image:my-app";
    static final String SLASH_ARN = "arn:aws:lambda:us-east-1:123456789012:microvm-image/my-app";
    private static final String BASE_IMAGE = "arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1";
    private static final String ROLE = "arn:aws:iam::123456789012:role/exec";

    private RequestCases() {}

    /** A refused request: the value the message must name, then what it must say about the fix. */
    private static Arguments refused(String description, Object request, String value, String fix) {
        return Arguments.of(description, request, List.of(value, fix));
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                // runHookPayload: at most 4096 characters, counted in code points as the model counts them.
                refused(
                        "payload of 4097 ASCII characters",
                        run().runHookPayload("x".repeat(4097)),
                        "4097 characters",
                        "0-4096"),
                refused(
                        "payload of 4097 four-byte characters",
                        run().runHookPayload("😀".repeat(4097)),
                        "4097 characters",
                        "S3 key"),
                // Image names.
                refused("image name with a space", image("my app"), "'my app'", "[a-zA-Z0-9-_]+"),
                refused("image name with '!'", image("my-app!"), "'my-app!'", "such as 'my-app'"),
                refused("image name of 65 characters", image("a".repeat(65)), "'" + "a".repeat(65) + "'", "1-64"),
                refused("empty image name", image(""), "name ''", "such as 'my-app'"),
                refused("CreateMicrovmImage without a name", image(null), "name", "set it on the request builder"),
                // Slash-form ARNs, which the service answers with AccessDeniedException.
                refused(
                        "slash-form ARN on RunMicrovm",
                        run().imageIdentifier(SLASH_ARN),
                        SLASH_ARN,
                        "colon form " + IMAGE_ARN),
                refused(
                        "slash-form ARN on UpdateMicrovmImage",
                        update().imageIdentifier(SLASH_ARN),
                        SLASH_ARN,
                        "colon form " + IMAGE_ARN),
                refused(
                        "slash-form ARN on TagResource",
                        TagResourceRequest.builder().resource(SLASH_ARN).tags(Map.of("team", "a")),
                        SLASH_ARN,
                        "colon form " + IMAGE_ARN),
                refused(
                        "bare name on TagResource",
                        TagResourceRequest.builder().resource("my-app").tags(Map.of("team", "a")),
                        "resource 'my-app' does not match",
                        "such as " + IMAGE_ARN),
                refused("RunMicrovm without an image", run().imageIdentifier(null), "imageIdentifier", "set it"),
                // Idle policy.
                refused(
                        "idle policy without maxIdleDurationSeconds",
                        idle(null, 0, true),
                        "needs idlePolicy.maxIdleDurationSeconds",
                        "set it"),
                refused(
                        "idle policy without suspendedDurationSeconds",
                        idle(60, null, true),
                        "needs idlePolicy.suspendedDurationSeconds",
                        "set it"),
                refused(
                        "idle policy without autoResumeEnabled",
                        idle(60, 0, null),
                        "needs idlePolicy.autoResumeEnabled",
                        "set it"),
                refused("idle policy of 59 s", idle(59, 0, true), "maxIdleDurationSeconds is 59", "at least 60"),
                refused("suspended for -1 s", idle(60, -1, true), "suspendedDurationSeconds is -1", "Use 0"),
                // Page sizes.
                refused(
                        "ListMicrovmImages maxResults 0",
                        ListMicrovmImagesRequest.builder().maxResults(0),
                        "maxResults is 0",
                        "1-50"),
                refused(
                        "ListMicrovmImages maxResults 51",
                        ListMicrovmImagesRequest.builder().maxResults(51),
                        "maxResults is 51",
                        "1-50"),
                refused("ListMicrovmImageVersions maxResults 0", versions(0), "maxResults is 0", "paginator"),
                refused("ListMicrovmImageVersions maxResults 51", versions(51), "maxResults is 51", "paginator"),
                refused("ListMicrovmImageBuilds maxResults 0", builds(0), "maxResults is 0", "1-50"),
                refused("ListMicrovmImageBuilds maxResults 51", builds(51), "maxResults is 51", "1-50"),
                refused(
                        "ListManagedMicrovmImages maxResults 0",
                        ListManagedMicrovmImagesRequest.builder().maxResults(0),
                        "maxResults is 0",
                        "1-50"),
                refused(
                        "ListManagedMicrovmImages maxResults 51",
                        ListManagedMicrovmImagesRequest.builder().maxResults(51),
                        "maxResults is 51",
                        "1-50"),
                refused("ListManagedMicrovmImageVersions maxResults 0", managedVersions(0), "maxResults is 0", "1-50"),
                refused(
                        "ListManagedMicrovmImageVersions maxResults 51",
                        managedVersions(51),
                        "maxResults is 51",
                        "1-50"),
                refused(
                        "ListMicrovms maxResults 0",
                        ListMicrovmsRequest.builder().maxResults(0),
                        "maxResults is 0",
                        "1-50"),
                refused(
                        "ListMicrovms maxResults 51",
                        ListMicrovmsRequest.builder().maxResults(51),
                        "maxResults is 51",
                        "1-50"),
                // Token lifetimes: the model sets a minimum only.
                refused(
                        "auth token for 0 minutes",
                        token(0, AllowedPort.port(8080)),
                        "expirationInMinutes is 0",
                        "at least 1"),
                refused(
                        "auth token without expiry",
                        token(null, AllowedPort.port(8080)),
                        "needs expirationInMinutes",
                        "set it"),
                refused("shell token for 0 minutes", shellToken(0), "expirationInMinutes is 0", "at least 1"),
                // Ports.
                refused("no allowed ports", token(5), "allowedPorts has 0 items", "AllowedPort.port(8080)"),
                refused("port 0", token(5, AllowedPort.port(0)), "allowedPorts.1.member.port is 0", "1-65535"),
                refused("port 65536", token(5, AllowedPort.port(65536)), "port is 65536", "1-65535"),
                refused("range from port 0", token(5, AllowedPort.range(0, 10)), "startPort is 0", "1-65535"),
                refused("range to port 65536", token(5, AllowedPort.range(9000, 65536)), "endPort is 65536", "1-65535"),
                // Lifetime, logging and roles.
                refused(
                        "maximum duration 0",
                        run().maximumDurationInSeconds(0),
                        "maximumDurationInSeconds is 0",
                        "1-28800"),
                refused(
                        "maximum duration 28801",
                        run().maximumDurationInSeconds(28801),
                        "maximumDurationInSeconds is 28801",
                        "1-28800"),
                refused(
                        "CloudWatch logging without a role",
                        run().logging(Logging.cloudWatch("/microvms/my-app", null)),
                        "executionRoleArn",
                        "Logging.disabled()"),
                refused(
                        "execution role with an 11-digit account",
                        run().executionRoleArn("arn:aws:iam::12345678901:role/exec"),
                        "'arn:aws:iam::12345678901:role/exec'",
                        "arn:aws:iam::123456789012:role/my-role"),
                refused(
                        "build role that is a bare name",
                        image("my-app").buildRoleArn("exec"),
                        "buildRoleArn 'exec'",
                        "arn:aws:iam::"),
                // Tags.
                refused(
                        "tag key of 129 characters",
                        tags("k".repeat(129), "v"),
                        "'" + "k".repeat(129) + "'",
                        "1-128 characters"),
                refused("empty tag key", tags("", "v"), "key ''", "1-128 characters"),
                refused(
                        "tag value of 257 characters",
                        tags("team", "v".repeat(257)),
                        "has the value",
                        "257 characters"),
                refused(
                        "no tag keys to remove",
                        UntagResourceRequest.builder().resource(IMAGE_ARN).tagKeys(List.of()),
                        "tagKeys is missing from UntagResource",
                        "query string"));
    }

    static Stream<Arguments> acceptedRequests() {
        return Stream.of(
                Arguments.of("payload of exactly 4096 ASCII characters", run().runHookPayload("x".repeat(4096))),
                Arguments.of(
                        "payload of 4096 two-byte characters (8192 bytes)", run().runHookPayload("é".repeat(4096))),
                Arguments.of(
                        "payload of 4096 four-byte characters (16384 bytes)", run().runHookPayload("😀".repeat(4096))),
                Arguments.of("image name of 64 characters", image("a".repeat(64))),
                Arguments.of("image name with '-' and '_'", image("My-app_2")),
                // The model takes an image "ARN or ID"; the service answers a name it cannot resolve itself.
                Arguments.of("RunMicrovm of an image ID", run().imageIdentifier("my-app")),
                Arguments.of(
                        "ListMicrovms of an image ID",
                        ListMicrovmsRequest.builder().imageIdentifier("my-app")),
                Arguments.of("idle policy of 60 s, terminated at once", idle(60, 0, false)),
                Arguments.of("idle policy of a day", idle(86_400, 86_400, true)),
                Arguments.of(
                        "ListMicrovms of an image ARN",
                        ListMicrovmsRequest.builder().imageIdentifier(IMAGE_ARN)),
                Arguments.of("UpdateMicrovmImage by bare name", update().imageIdentifier("my-app")),
                Arguments.of(
                        "ListMicrovmImages maxResults 1",
                        ListMicrovmImagesRequest.builder().maxResults(1)),
                Arguments.of(
                        "ListMicrovmImages maxResults 50",
                        ListMicrovmImagesRequest.builder().maxResults(50)),
                Arguments.of("ListMicrovmImageVersions maxResults 1", versions(1)),
                Arguments.of("ListMicrovmImageVersions maxResults 50", versions(50)),
                Arguments.of("ListMicrovmImageBuilds maxResults 1", builds(1)),
                Arguments.of("ListMicrovmImageBuilds maxResults 50", builds(50)),
                Arguments.of(
                        "ListManagedMicrovmImages maxResults 1",
                        ListManagedMicrovmImagesRequest.builder().maxResults(1)),
                Arguments.of(
                        "ListManagedMicrovmImages maxResults 50",
                        ListManagedMicrovmImagesRequest.builder().maxResults(50)),
                Arguments.of("ListManagedMicrovmImageVersions maxResults 1", managedVersions(1)),
                Arguments.of("ListManagedMicrovmImageVersions maxResults 50", managedVersions(50)),
                Arguments.of(
                        "ListMicrovms maxResults 1",
                        ListMicrovmsRequest.builder().maxResults(1)),
                Arguments.of(
                        "ListMicrovms maxResults 50",
                        ListMicrovmsRequest.builder().maxResults(50)),
                Arguments.of("auth token for 1 minute", token(1, AllowedPort.port(1))),
                Arguments.of("auth token for 60 minutes", token(60, AllowedPort.port(65535))),
                Arguments.of("auth token for 61 minutes (the model sets no maximum)", token(61, AllowedPort.port(80))),
                Arguments.of(
                        "auth token for a range and all ports",
                        token(5, AllowedPort.range(9000, 9000), AllowedPort.allPorts())),
                Arguments.of(
                        "a range that ends before it starts (the model does not say)",
                        token(5, AllowedPort.range(9010, 9000))),
                Arguments.of("shell token for 1 minute", shellToken(1)),
                Arguments.of("shell token for 61 minutes (the model sets no maximum)", shellToken(61)),
                Arguments.of("maximum duration 1", run().maximumDurationInSeconds(1)),
                Arguments.of("maximum duration 28800", run().maximumDurationInSeconds(28800)),
                Arguments.of(
                        "CloudWatch logging with a role",
                        run().logging(Logging.cloudWatch("/g", null)).executionRoleArn(ROLE)),
                Arguments.of("logging disabled without a role", run().logging(Logging.disabled())),
                Arguments.of("tag key of 128 and value of 256 characters", tags("k".repeat(128), "v".repeat(256))),
                Arguments.of("empty tag value", tags("team", "")),
                Arguments.of(
                        "TagResource of no tags (the model requires the map, not entries)",
                        TagResourceRequest.builder().resource(IMAGE_ARN).tags(Map.of())));
    }

    static Stream<Arguments> missingPathMembers() {
        return Stream.of(
                Arguments.of("GetMicrovm without microvmIdentifier", GetMicrovmRequest.builder(), "microvmIdentifier"),
                Arguments.of(
                        "TerminateMicrovm without microvmIdentifier",
                        TerminateMicrovmRequest.builder(),
                        "microvmIdentifier"),
                Arguments.of(
                        "DeleteMicrovmImage without imageIdentifier",
                        DeleteMicrovmImageRequest.builder(),
                        "imageIdentifier"),
                Arguments.of(
                        "GetMicrovmImageVersion without imageVersion",
                        GetMicrovmImageVersionRequest.builder().imageIdentifier(IMAGE_ARN),
                        "imageVersion"));
    }

    static Stream<Arguments> slashFormOnOtherImageOperations() {
        return Stream.of(
                Arguments.of("GetMicrovmImage", GetMicrovmImageRequest.builder().imageIdentifier(SLASH_ARN)),
                Arguments.of(
                        "DeleteMicrovmImage",
                        DeleteMicrovmImageRequest.builder().imageIdentifier(SLASH_ARN)),
                Arguments.of(
                        "ListMicrovmImageVersions",
                        ListMicrovmImageVersionsRequest.builder().imageIdentifier(SLASH_ARN)),
                Arguments.of(
                        "GetMicrovmImageVersion",
                        GetMicrovmImageVersionRequest.builder()
                                .imageIdentifier(SLASH_ARN)
                                .imageVersion("1.0")),
                Arguments.of("ListTags", ListTagsRequest.builder().resource(SLASH_ARN)));
    }

    /** Builds a case's request from its builder. */
    static Object build(Object builder) throws Exception {
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static RunMicrovmRequest.Builder run() {
        return RunMicrovmRequest.builder().imageIdentifier(IMAGE_ARN);
    }

    private static RunMicrovmRequest.Builder idle(Integer maxIdle, Integer suspended, Boolean autoResume) {
        return run().idlePolicy(new IdlePolicy(maxIdle, suspended, autoResume));
    }

    private static CreateMicrovmImageRequest.Builder image(String name) {
        return CreateMicrovmImageRequest.builder()
                .name(name)
                .baseImageArn(BASE_IMAGE)
                .buildRoleArn(ROLE)
                .codeArtifact(CodeArtifact.uri("s3://bucket/app.zip"));
    }

    private static UpdateMicrovmImageRequest.Builder update() {
        return UpdateMicrovmImageRequest.builder()
                .imageIdentifier(IMAGE_ARN)
                .baseImageArn(BASE_IMAGE)
                .buildRoleArn(ROLE)
                .codeArtifact(CodeArtifact.uri("s3://bucket/app.zip"));
    }

    private static ListMicrovmImageVersionsRequest.Builder versions(int maxResults) {
        return ListMicrovmImageVersionsRequest.builder()
                .imageIdentifier(IMAGE_ARN)
                .maxResults(maxResults);
    }

    private static ListMicrovmImageBuildsRequest.Builder builds(int maxResults) {
        return ListMicrovmImageBuildsRequest.builder()
                .imageIdentifier(IMAGE_ARN)
                .imageVersion("1.0")
                .maxResults(maxResults);
    }

    private static ListManagedMicrovmImageVersionsRequest.Builder managedVersions(int maxResults) {
        return ListManagedMicrovmImageVersionsRequest.builder()
                .imageIdentifier(BASE_IMAGE)
                .maxResults(maxResults);
    }

    private static CreateMicrovmAuthTokenRequest.Builder token(Integer minutes, AllowedPort... ports) {
        return CreateMicrovmAuthTokenRequest.builder()
                .microvmIdentifier("microvm-1")
                .expirationInMinutes(minutes)
                .allowedPorts(List.of(ports));
    }

    private static CreateMicrovmShellAuthTokenRequest.Builder shellToken(int minutes) {
        return CreateMicrovmShellAuthTokenRequest.builder()
                .microvmIdentifier("microvm-1")
                .expirationInMinutes(minutes);
    }

    private static TagResourceRequest.Builder tags(String key, String value) {
        return TagResourceRequest.builder().resource(IMAGE_ARN).tags(Map.of(key, value));
    }
}
