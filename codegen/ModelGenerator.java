import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the request, response and shape types of {@code dev.microvms.model} from the service
 * model below, the way the AWS SDKs generate theirs from the service's model file.
 *
 * <p>Run from the repository root with {@code java codegen/ModelGenerator.java} to regenerate, or with
 * {@code --check} to fail when the committed sources differ from what the model gives (CI does this).
 * The output goes to its own source root, {@code microvms-model/src/generated/java}; the two unions
 * ({@code Logging}, {@code AllowedPort}) are written by hand in {@code src/main/java}.
 */
public final class ModelGenerator {

    private static final Path OUT = Path.of("microvms-model/src/generated/java/dev/microvms/model");
    private static final String PACKAGE = "dev.microvms.model";

    private final Map<String, String> files = new TreeMap<>();

    public static void main(String[] args) throws IOException {
        ModelGenerator generator = new ModelGenerator();
        generator.model();
        generator.structs.values().forEach(st -> generator.generateStruct(st.name(), st.doc(), st.members()));
        boolean check = args.length > 0 && args[0].equals("--check");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> file : generator.files.entrySet()) {
            Path path = OUT.resolve(file.getKey() + ".java");
            if (check) {
                if (!Files.exists(path) || !Files.readString(path).equals(file.getValue())) {
                    stale.add(path.toString());
                }
            } else {
                Files.createDirectories(OUT);
                Files.writeString(path, file.getValue());
            }
        }
        if (!stale.isEmpty()) {
            System.err.println("Generated model sources are out of date; run `java codegen/ModelGenerator.java`:");
            stale.forEach(s -> System.err.println("  " + s));
            System.exit(1);
        }
        System.out.println((check ? "checked " : "wrote ") + generator.files.size() + " model types");
    }

    // ---------------------------------------------------------------------------------------------
    // The service model (API version 2025-09-09), from the published SDK model pages and the
    // recordings of the live service.
    // ---------------------------------------------------------------------------------------------

    private void model() {
        enumeration("MicrovmState", "The lifecycle state of a MicroVM.",
                "PENDING", "RUNNING", "SUSPENDING", "SUSPENDED", "TERMINATING", "TERMINATED");
        enumeration("MicrovmImageState", "The state of a MicroVM image.",
                "CREATING", "CREATED", "CREATE_FAILED", "UPDATING", "UPDATED", "UPDATE_FAILED",
                "DELETING", "DELETE_FAILED", "DELETED");
        enumeration("MicrovmImageVersionState", "The build state of a MicroVM image version.",
                "PENDING", "IN_PROGRESS", "SUCCESSFUL", "FAILED", "DELETING", "DELETED", "DELETE_FAILED");
        enumeration("MicrovmImageVersionStatus",
                "Whether a version can be run: ACTIVE versions can, INACTIVE ones are blocked from new MicroVMs.",
                "ACTIVE", "INACTIVE");
        enumeration("BuildState", "The state of one build of an image version.",
                "PENDING", "IN_PROGRESS", "SUCCESSFUL", "FAILED");
        enumeration("Architecture", "A CPU architecture.", "ARM_64");
        enumeration("Chipset", "A chipset family.", "GRAVITON");
        enumeration("HookState", "Whether a lifecycle hook is called.", "ENABLED", "DISABLED");
        enumeration("OsCapability", "An additional OS capability granted to the application.", "ALL");

        struct("CodeArtifact", "Where the code artifact of an image lives.",
                req("uri", "String", "The URI of the code artifact: a zip with a Dockerfile at its root, such as"
                        + " {@code s3://bucket/key.zip}."));
        struct("CloudWatchLogging", "Sends a MicroVM's logs to Amazon CloudWatch Logs.",
                opt("logGroup", "String", "The log group, 1-512 characters of {@code [a-zA-Z0-9_\\-/.#]}."),
                opt("logStream", "String", "The log stream within the group, 1-512 characters without {@code :} or {@code *}."));
        struct("CpuConfiguration", "A CPU architecture the MicroVM runs on.",
                req("architecture", "Architecture", "The CPU architecture."));
        struct("ResourceRequirement", "The resources a MicroVM asks for.",
                req("minimumMemoryInMiB", "Integer",
                        "The memory class in MiB: 512, 1024, 2048 (the default), 4096 or 8192."));
        struct("MicrovmHooks", "The runtime lifecycle hooks: which are called and how long each may take (1-60 s).",
                opt("run", "HookState", "Whether {@code /run} is called when a MicroVM starts."),
                opt("runTimeoutInSeconds", "Integer", "How long the run hook may take, in seconds."),
                opt("resume", "HookState", "Whether {@code /resume} is called after a MicroVM resumes."),
                opt("resumeTimeoutInSeconds", "Integer", "How long the resume hook may take, in seconds."),
                opt("suspend", "HookState", "Whether {@code /suspend} is called before a MicroVM is suspended."),
                opt("suspendTimeoutInSeconds", "Integer", "How long the suspend hook may take, in seconds."),
                opt("terminate", "HookState", "Whether {@code /terminate} is called before a MicroVM terminates."),
                opt("terminateTimeoutInSeconds", "Integer", "How long the terminate hook may take, in seconds."));
        struct("MicrovmImageHooks", "The build lifecycle hooks: which are called and how long each may take (1-3600 s).",
                opt("ready", "HookState", "Whether {@code /ready} is called before the snapshot is taken."),
                opt("readyTimeoutInSeconds", "Integer", "How long the ready hook may keep answering 503, in seconds."),
                opt("validate", "HookState", "Whether {@code /validate} is called on a test MicroVM after the build."),
                opt("validateTimeoutInSeconds", "Integer", "How long the validate hook may take, in seconds."));
        struct("Hooks", "Lifecycle hook configuration for MicroVMs and MicroVM images.",
                opt("port", "Integer", "The port the app's hook listener binds on 0.0.0.0; required when any hook is"
                        + " enabled."),
                opt("microvmHooks", "MicrovmHooks", "The runtime hooks."),
                opt("microvmImageHooks", "MicrovmImageHooks", "The build hooks."));
        struct("IdlePolicy", "When a MicroVM suspends itself for lack of traffic, and what happens then.",
                req("maxIdleDurationSeconds", "Integer",
                        "Seconds without inbound endpoint traffic before the MicroVM is suspended (at least 60)."),
                req("suspendedDurationSeconds", "Integer",
                        "Seconds a MicroVM may stay suspended before it is terminated (0 terminates at once)."),
                req("autoResumeEnabled", "Boolean",
                        "Whether a request to the endpoint of a suspended MicroVM resumes it."));
        struct("PortRange", "An inclusive range of ports.",
                req("startPort", "Integer", "The first port of the range."),
                req("endPort", "Integer", "The last port of the range."));
        struct("SnapshotBuild", "The sizes measured when a build took its snapshots.",
                opt("memorySnapshotSizeInBytes", "Long", "The size of the memory snapshot in bytes."),
                opt("codeInstallSizeInBytes", "Long", "The size of the installed code in bytes."),
                opt("diskSnapshotSizeInBytes", "Long", "The size of the disk snapshot in bytes."));

        // --- Images ---------------------------------------------------------------------------
        group("MicrovmImageConfiguration", "configuration",
                "The build configuration of an image: what CreateMicrovmImage and UpdateMicrovmImage take and every"
                        + " version reports.",
                imageConfig(true));
        struct("CreateMicrovmImageRequest", "The input of CreateMicrovmImage.",
                concat(List.of(req("name", "String", "The image name: 1-64 characters of {@code [a-zA-Z0-9-_]},"
                                + " unique in the account and region.")),
                        imageConfig(true),
                        List.of(opt("tags", "Map<String, String>", "Tags to attach to the image."),
                                opt("clientToken", "String", "An idempotency key (1-128 characters); the client fills a"
                                        + " UUID when it is absent."))));
        struct("CreateMicrovmImageResponse", "The output of CreateMicrovmImage.",
                concat(imageHead(), imageConfig(false), List.of(
                        opt("tags", "Map<String, String>", "The image's tags."),
                        opt("updatedAt", "Instant", "When the image was last updated."),
                        opt("imageVersion", "String", "The version this call created, such as {@code 1.0}."))));
        struct("GetMicrovmImageRequest", "The input of GetMicrovmImage.", imageIdentifier());
        struct("GetMicrovmImageResponse", "The output of GetMicrovmImage.",
                concat(imageHead(), List.of(
                        opt("tags", "Map<String, String>", "The image's tags."),
                        opt("updatedAt", "Instant", "When the image was last updated."))));
        struct("ListMicrovmImagesRequest", "The input of ListMicrovmImages.",
                concat(paging(), List.of(opt("nameFilter", "String",
                        "Keeps images whose name contains this string; applied after paging, so a page can be"
                                + " empty while a token follows."))));
        struct("MicrovmImageSummary", "A MicroVM image as ListMicrovmImages shows it.", imageHead());
        listResponse("ListMicrovmImagesResponse", "ListMicrovmImages", "MicrovmImageSummary");
        struct("UpdateMicrovmImageRequest",
                "The input of UpdateMicrovmImage, which replaces the whole build configuration and makes a new"
                        + " version.",
                concat(imageIdentifier(), imageConfig(true), List.of(
                        opt("clientToken", "String", "An idempotency key (1-128 characters); the client fills a"
                                + " UUID when it is absent."))));
        struct("UpdateMicrovmImageResponse", "The output of UpdateMicrovmImage.",
                concat(imageHead(), imageConfig(false), List.of(
                        opt("updatedAt", "Instant", "When the image was last updated."),
                        opt("imageVersion", "String", "The version this call created, such as {@code 2.0}."))));
        struct("DeleteMicrovmImageRequest", "The input of DeleteMicrovmImage (idempotent).", imageIdentifier());
        struct("DeleteMicrovmImageResponse", "The output of DeleteMicrovmImage.",
                opt("imageIdentifier", "String", "The identifier of the deleted image."),
                opt("state", "MicrovmImageState", "The image's state after the call, usually DELETING."));

        // --- Versions ---------------------------------------------------------------------------
        struct("ListMicrovmImageVersionsRequest", "The input of ListMicrovmImageVersions.",
                concat(imageIdentifier(), paging()));
        struct("MicrovmImageVersionSummary", "A MicroVM image version as ListMicrovmImageVersions shows it.",
                version());
        listResponse("ListMicrovmImageVersionsResponse", "ListMicrovmImageVersions", "MicrovmImageVersionSummary");
        struct("GetMicrovmImageVersionRequest", "The input of GetMicrovmImageVersion.",
                concat(imageIdentifier(), List.of(imageVersion())));
        struct("GetMicrovmImageVersionResponse", "The output of GetMicrovmImageVersion.", version());
        struct("UpdateMicrovmImageVersionRequest", "The input of UpdateMicrovmImageVersion.",
                concat(imageIdentifier(), List.of(imageVersion(),
                        req("status", "MicrovmImageVersionStatus", "The new status of the version."))));
        struct("UpdateMicrovmImageVersionResponse", "The output of UpdateMicrovmImageVersion.", version());
        struct("DeleteMicrovmImageVersionRequest", "The input of DeleteMicrovmImageVersion (idempotent).",
                concat(imageIdentifier(), List.of(imageVersion())));
        struct("DeleteMicrovmImageVersionResponse", "The output of DeleteMicrovmImageVersion.",
                opt("imageIdentifier", "String", "The identifier of the image."),
                opt("imageVersion", "String", "The version that was deleted."),
                opt("state", "MicrovmImageVersionState", "The version's state after the call, usually DELETING."));

        // --- Builds -----------------------------------------------------------------------------
        struct("ListMicrovmImageBuildsRequest", "The input of ListMicrovmImageBuilds.",
                concat(imageIdentifier(), List.of(imageVersion()), paging(), List.of(
                        opt("architecture", "Architecture", "Keeps builds for this CPU architecture."),
                        opt("chipset", "Chipset", "Keeps builds for this chipset."),
                        opt("chipsetGeneration", "String", "Keeps builds for this chipset generation, such as"
                                + " {@code 4}."))));
        struct("MicrovmImageBuildSummary", "A build as ListMicrovmImageBuilds shows it.", build(false));
        listResponse("ListMicrovmImageBuildsResponse", "ListMicrovmImageBuilds", "MicrovmImageBuildSummary");
        struct("GetMicrovmImageBuildRequest", "The input of GetMicrovmImageBuild.",
                concat(imageIdentifier(), List.of(imageVersion(),
                        req("buildId", "String", "The build's identifier."))));
        struct("GetMicrovmImageBuildResponse", "The output of GetMicrovmImageBuild.", build(true));

        // --- Managed images -----------------------------------------------------------------------
        struct("ListManagedMicrovmImagesRequest", "The input of ListManagedMicrovmImages.", paging());
        struct("ManagedMicrovmImageSummary", "A base image managed by AWS.",
                req("imageArn", "String", "The ARN of the managed image."),
                opt("createdAt", "Instant", "When the managed image was created."),
                opt("updatedAt", "Instant", "When the managed image was last updated."));
        listResponse("ListManagedMicrovmImagesResponse", "ListManagedMicrovmImages", "ManagedMicrovmImageSummary");
        struct("ListManagedMicrovmImageVersionsRequest", "The input of ListManagedMicrovmImageVersions.",
                concat(List.of(req("imageIdentifier", "String", "The ARN of the managed image.")), paging()));
        struct("ManagedMicrovmImageVersionSummary", "A version of a base image managed by AWS.",
                req("imageArn", "String", "The ARN of the managed image."),
                req("imageVersion", "String", "The version, such as {@code 1}."),
                opt("status", "String", "The availability of the version, such as {@code AVAILABLE}."),
                opt("createdAt", "Instant", "When the version was created."),
                opt("updatedAt", "Instant", "When the version was last updated."));
        listResponse("ListManagedMicrovmImageVersionsResponse", "ListManagedMicrovmImageVersions",
                "ManagedMicrovmImageVersionSummary");

        // --- MicroVMs ---------------------------------------------------------------------------
        struct("RunMicrovmRequest", "The input of RunMicrovm.",
                opt("ingressNetworkConnectors", "List<String>",
                        "Ingress connector ARNs (at most 10); the service adds HTTP_INGRESS when none is given."),
                opt("egressNetworkConnectors", "List<String>", "Egress connector ARNs (at most 10)."),
                req("imageIdentifier", "String", "The image ARN; a bare image name is rejected by the service."),
                opt("imageVersion", "String", "The version to run; the latest ACTIVE version when absent."),
                opt("executionRoleArn", "String", "The IAM role the MicroVM assumes."),
                opt("idlePolicy", "IdlePolicy", "When the MicroVM suspends itself and resumes; never when absent."),
                opt("logging", "Logging", "Where the MicroVM's logs go; needs executionRoleArn for CloudWatch."),
                sensitive(opt("runHookPayload", "String",
                        "Data given to the app's run hook, at most 4096 bytes; the run hook must be enabled.")),
                opt("maximumDurationInSeconds", "Integer",
                        "How long the MicroVM may live, suspended time included (1-28800, default 28800)."),
                opt("clientToken", "String", "An idempotency key (1-128 characters); the client fills a UUID when it"
                        + " is absent."));
        struct("RunMicrovmResponse", "The output of RunMicrovm.", microvm());
        struct("GetMicrovmRequest", "The input of GetMicrovm.", microvmIdentifier());
        struct("GetMicrovmResponse", "The output of GetMicrovm. The state is eventually consistent.", microvm());
        struct("ListMicrovmsRequest", "The input of ListMicrovms.",
                concat(paging(), List.of(
                        opt("imageIdentifier", "String", "Keeps MicroVMs of this image (ARN)."),
                        opt("imageVersion", "String", "Keeps MicroVMs of this image version."))));
        struct("MicrovmSummary", "A MicroVM as ListMicrovms shows it.",
                req("microvmId", "String", "The MicroVM's identifier, {@code microvm-<uuid>}."),
                req("state", "MicrovmState", "The MicroVM's state."),
                req("imageArn", "String", "The ARN of the image it runs."),
                req("imageVersion", "String", "The image version it runs."),
                req("startedAt", "Instant", "When it started."));
        listResponse("ListMicrovmsResponse", "ListMicrovms", "MicrovmSummary");
        struct("TerminateMicrovmRequest", "The input of TerminateMicrovm (idempotent).", microvmIdentifier());
        struct("TerminateMicrovmResponse", "The output of TerminateMicrovm: empty.");
        struct("SuspendMicrovmRequest", "The input of SuspendMicrovm.", microvmIdentifier());
        struct("SuspendMicrovmResponse", "The output of SuspendMicrovm: empty.");
        struct("ResumeMicrovmRequest", "The input of ResumeMicrovm.", microvmIdentifier());
        struct("ResumeMicrovmResponse", "The output of ResumeMicrovm: empty.");
        struct("CreateMicrovmAuthTokenRequest", "The input of CreateMicrovmAuthToken.",
                concat(microvmIdentifier(), List.of(
                        req("expirationInMinutes", "Integer", "How long the token is valid, 1-60 minutes."),
                        req("allowedPorts", "List<AllowedPort>", "The ports the token opens (at least one)."))));
        struct("CreateMicrovmAuthTokenResponse",
                "The output of CreateMicrovmAuthToken: send {@link #token()} as the {@code X-aws-proxy-auth} header.",
                sensitive(req("authToken", "Map<String, String>",
                        "The token, under the key {@code X-aws-proxy-auth}.")));
        struct("CreateMicrovmShellAuthTokenRequest", "The input of CreateMicrovmShellAuthToken.",
                concat(microvmIdentifier(), List.of(
                        req("expirationInMinutes", "Integer", "How long the token is valid, 1-60 minutes."))));
        struct("CreateMicrovmShellAuthTokenResponse",
                "The output of CreateMicrovmShellAuthToken: the token opens a shell WebSocket on the endpoint.",
                sensitive(req("authToken", "Map<String, String>",
                        "The token, under the key {@code X-aws-proxy-auth}.")));

        // --- Tags ---------------------------------------------------------------------------------
        struct("ListTagsRequest", "The input of ListTags.",
                req("resource", "String", "The ARN of the resource."));
        struct("ListTagsResponse", "The output of ListTags.",
                req("tags", "Map<String, String>", "The resource's tags."));
        struct("TagResourceRequest", "The input of TagResource.",
                req("resource", "String", "The ARN of the resource."),
                req("tags", "Map<String, String>", "Tags to add or overwrite (key 1-128, value 0-256 characters)."));
        struct("TagResourceResponse", "The output of TagResource: empty.");
        struct("UntagResourceRequest", "The input of UntagResource.",
                req("resource", "String", "The ARN of the resource."),
                req("tagKeys", "List<String>", "The keys of the tags to remove."));
        struct("UntagResourceResponse", "The output of UntagResource: empty.");
    }

    private static List<Member> imageConfig(boolean input) {
        return List.of(
                req("baseImageArn", "String", "The ARN of the managed base image, such as"
                        + " {@code arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1}."),
                opt("baseImageVersion", "String", "The version of the base image."),
                req("buildRoleArn", "String", "The IAM role the build assumes to read the code artifact."),
                opt("description", "String", "A description of the image."),
                req("codeArtifact", "CodeArtifact", "The zip with the Dockerfile at its root."),
                opt("logging", "Logging", "Where build-time and runtime logs go."),
                opt("egressNetworkConnectors", "List<String>", input
                        ? "Egress connector ARNs available at runtime (at most one)."
                        : "Egress connector ARNs available at runtime."),
                opt("cpuConfigurations", "List<CpuConfiguration>", "The CPU architectures to build for."),
                opt("resources", "List<ResourceRequirement>", "The resources each MicroVM asks for (at most one)."),
                opt("additionalOsCapabilities", "List<OsCapability>", "Additional OS capabilities."),
                opt("hooks", "Hooks", "The lifecycle hooks the app serves."),
                sensitive(opt("environmentVariables", "Map<String, String>",
                        "Environment variables of the app (at most 50; values are never logged).")));
    }

    private static List<Member> imageHead() {
        return List.of(
                req("imageArn", "String", "The image ARN."),
                req("name", "String", "The image name."),
                req("state", "MicrovmImageState", "The image's state."),
                opt("latestActiveImageVersion", "String", "The newest ACTIVE version, if any."),
                opt("latestFailedImageVersion", "String", "The newest version whose build failed, if any."),
                req("createdAt", "Instant", "When the image was created."));
    }

    private static List<Member> version() {
        List<Member> members = new ArrayList<>(imageConfig(false));
        members.addAll(List.of(
                req("imageArn", "String", "The image ARN."),
                req("imageVersion", "String", "The version, such as {@code 1.0}."),
                req("state", "MicrovmImageVersionState", "The build state of the version."),
                req("status", "MicrovmImageVersionStatus", "Whether the version can be run."),
                req("createdAt", "Instant", "When the version was created."),
                opt("updatedAt", "Instant", "When the version was last updated."),
                opt("stateReason", "String", "Why the version is in its state, such as a failed build."),
                opt("tags", "Map<String, String>", "The version's tags.")));
        return members;
    }

    private static List<Member> build(boolean withSnapshot) {
        List<Member> members = new ArrayList<>(List.of(
                req("imageArn", "String", "The image ARN."),
                req("imageVersion", "String", "The image version."),
                req("buildId", "String", "The build's identifier."),
                req("buildState", "BuildState", "The build's state."),
                req("architecture", "Architecture", "The CPU architecture built for."),
                req("chipset", "Chipset", "The chipset built for."),
                req("chipsetGeneration", "String", "The chipset generation built for, such as {@code 4}."),
                opt("stateReason", "String", "Why the build is in its state, such as the reason it failed."),
                opt("terminationReasonCode", "String", "A code for why the build stopped, where the service gives"
                        + " one."),
                req("createdAt", "Instant", "When the build was created.")));
        if (withSnapshot) {
            members.add(opt("snapshotBuild", "SnapshotBuild", "The sizes of what the build produced."));
        }
        return members;
    }

    private static List<Member> microvm() {
        return List.of(
                req("microvmId", "String", "The MicroVM's identifier, {@code microvm-<uuid>}."),
                req("state", "MicrovmState", "The MicroVM's state."),
                req("endpoint", "String", "The host name (no scheme) of the MicroVM's endpoint; send requests there"
                        + " with a token in the {@code X-aws-proxy-auth} header."),
                req("imageArn", "String", "The ARN of the image it runs."),
                req("imageVersion", "String", "The image version it runs."),
                opt("executionRoleArn", "String", "The IAM role the MicroVM assumes."),
                opt("idlePolicy", "IdlePolicy", "Its idle policy, if any."),
                req("maximumDurationInSeconds", "Integer", "How long it may live, in seconds."),
                req("startedAt", "Instant", "When it started."),
                opt("terminatedAt", "Instant", "When it terminated."),
                opt("stateReason", "String", "Why it is in its state, such as why it terminated."),
                opt("terminationReasonCode", "String", "A code for why it terminated, where the service gives one."),
                opt("ingressNetworkConnectors", "List<String>", "Its ingress connector ARNs."),
                opt("egressNetworkConnectors", "List<String>", "Its egress connector ARNs."));
    }

    private static List<Member> imageIdentifier() {
        return List.of(req("imageIdentifier", "String", "The image ARN or name."));
    }

    private static Member imageVersion() {
        return req("imageVersion", "String", "The image version, such as {@code 1.0}.");
    }

    private static List<Member> microvmIdentifier() {
        return List.of(req("microvmIdentifier", "String", "The MicroVM's identifier, {@code microvm-<uuid>}."));
    }

    private static List<Member> paging() {
        return List.of(
                opt("maxResults", "Integer", "The largest page to return, 1-50."),
                opt("nextToken", "String", "The token from the previous page."));
    }

    private void listResponse(String name, String operation, String item) {
        struct(name, "A page of " + operation + ".",
                req("items", "List<" + item + ">", "The items of this page."),
                opt("nextToken", "String", "The token for the next page; absent on the last page."));
    }

    // ---------------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------------

    record Member(String name, String type, String doc, boolean required, boolean sensitive) {
        boolean isList() {
            return type.startsWith("List<");
        }

        boolean isMap() {
            return type.startsWith("Map<");
        }

        String elementType() {
            return type.substring(5, type.length() - 1);
        }
    }

    private static Member req(String name, String type, String doc) {
        return new Member(name, type, doc, true, false);
    }

    private static Member opt(String name, String type, String doc) {
        return new Member(name, type, doc, false, false);
    }

    private static Member sensitive(Member m) {
        return new Member(m.name(), m.type(), m.doc() + " Redacted in {@code toString()}.", m.required(), true);
    }

    @SafeVarargs
    private static List<Member> concat(List<Member>... lists) {
        List<Member> all = new ArrayList<>();
        for (List<Member> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private void struct(String name, String doc, Member... members) {
        struct(name, doc, List.of(members));
    }

    private void enumeration(String name, String doc, String... values) {
        StringBuilder s = header(Set.of("org.jspecify.annotations.Nullable"));
        s.append("/**\n * ").append(doc).append("\n *\n * <p>Values this version does not know read as {@link"
                + " #UNKNOWN_TO_SDK_VERSION}.\n */\n");
        s.append("public enum ").append(name).append(" {\n");
        for (String value : values) {
            s.append("    ").append(value).append(",\n");
        }
        s.append("    /** A value this version of the client does not know. */\n");
        s.append("    UNKNOWN_TO_SDK_VERSION;\n\n");
        s.append("    /**\n     * Returns the constant for a wire value.\n     *\n"
                + "     * @param value the value as the service sends it\n"
                + "     * @return the constant, {@link #UNKNOWN_TO_SDK_VERSION} for a value this version does not know,"
                + " or null for null\n     */\n");
        s.append("    public static @Nullable ").append(name).append(" fromValue(@Nullable String value) {\n");
        s.append("        if (value == null) {\n            return null;\n        }\n");
        s.append("        for (").append(name).append(" candidate : values()) {\n");
        s.append("            if (candidate != UNKNOWN_TO_SDK_VERSION && candidate.name().equals(value)) {\n");
        s.append("                return candidate;\n            }\n        }\n");
        s.append("        return UNKNOWN_TO_SDK_VERSION;\n    }\n}\n");
        files.put(name, s.toString());
    }

    /** Members that several structures share, generated as an interface those structures implement. */
    record Group(String name, String setter, String doc, List<Member> members) {}

    private final List<Group> groups = new ArrayList<>();

    /**
     * Declares an interface of shared members; every structure that has them all (same names and types)
     * implements it, so one piece of code reads any of them.
     */
    private void group(String name, String setter, String doc, List<Member> members) {
        groups.add(new Group(name, setter, doc, List.copyOf(members)));
        Set<String> imports = new TreeSet<>(Set.of("org.jspecify.annotations.Nullable"));
        for (Member m : members) {
            if (m.isList()) {
                imports.add("java.util.List");
            }
            if (m.isMap()) {
                imports.add("java.util.Map");
            }
        }
        StringBuilder s = header(imports);
        s.append("/**\n * ").append(doc).append("\n */\n");
        s.append("public interface ").append(name).append(" {\n");
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            s.append(i == 0 ? "" : "\n").append("    /** @return ")
                    .append(Character.toLowerCase(m.doc().charAt(0))).append(m.doc().substring(1))
                    .append(" */\n    @Nullable ").append(m.type()).append(' ').append(m.name()).append("();\n");
        }
        s.append("}\n");
        files.put(name, s.toString());
    }

    private List<Group> groupsOf(List<Member> members) {
        List<Group> found = new ArrayList<>();
        for (Group g : groups) {
            boolean all = g.members().stream().allMatch(gm -> members.stream()
                    .anyMatch(m -> m.name().equals(gm.name()) && m.type().equals(gm.type())));
            if (all) {
                found.add(g);
            }
        }
        return found;
    }

    /** A structure, generated once the whole model is known (see {@link #sameShape}). */
    record Struct(String name, String doc, List<Member> members) {}

    private final Map<String, Struct> structs = new java.util.LinkedHashMap<>();

    private void struct(String name, String doc, List<Member> members) {
        structs.put(name, new Struct(name, doc, List.copyOf(members)));
    }

    /**
     * The other structures with exactly these members: a {@code Get...Response} gets a {@code from} for each,
     * so code that holds a summary or an update's answer can have the full shape without copying members.
     */
    private List<String> sameShape(String name, List<Member> members) {
        if (!name.startsWith("Get") || !name.endsWith("Response") || members.isEmpty()) {
            return List.of();
        }
        return structs.values().stream()
                .filter(other -> !other.name().equals(name) && other.members().equals(members))
                .map(Struct::name)
                .toList();
    }

    private void generateStruct(String name, String doc, List<Member> members) {
        Set<String> imports = new TreeSet<>();
        boolean anyNullable = false;
        for (Member m : members) {
            if (m.isList()) {
                imports.add("java.util.List");
            }
            if (m.isMap()) {
                imports.add("java.util.Map");
            }
            if (m.type().equals("Instant")) {
                imports.add("java.time.Instant");
            }
            anyNullable |= !m.required();
        }
        boolean redacts = members.stream().anyMatch(Member::sensitive);
        if (anyNullable || !members.isEmpty()) {
            // Builders hold every member as nullable until build().
            imports.add("org.jspecify.annotations.Nullable");
        }
        StringBuilder s = header(imports);
        s.append("/**\n * ").append(doc).append("\n");
        if (!members.isEmpty()) {
            s.append(" *\n");
            for (Member m : members) {
                s.append(" * @param ").append(m.name()).append(' ').append(m.doc())
                        .append(m.required() ? " Required." : "").append('\n');
            }
        }
        s.append(" */\n");
        s.append("public record ").append(name).append('(');
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            s.append(i == 0 ? "\n        " : ",\n        ").append(annotated(m)).append(' ').append(m.name());
        }
        List<Group> implemented = groupsOf(members);
        s.append(')').append(implemented.isEmpty() ? "" : " implements "
                        + String.join(", ", implemented.stream().map(Group::name).toList()))
                .append(" {\n");
        if (members.isEmpty()) {
            s.append("}\n");
            files.put(name, s.toString());
            return;
        }

        List<Member> copied = members.stream().filter(m -> m.isList() || m.isMap()).toList();
        if (!copied.isEmpty()) {
            s.append("\n    /** Copies the collections, so that the value cannot change after it is made. */\n");
            s.append("    public ").append(name).append(" {\n");
            for (Member m : copied) {
                String copy = m.isList() ? "List.copyOf" : "Map.copyOf";
                s.append("        ").append(m.name()).append(" = ").append(m.name()).append(" == null ? null : ")
                        .append(copy).append('(').append(m.name()).append(");\n");
            }
            s.append("    }\n");
        }
        if (name.endsWith("AuthTokenResponse")) {
            s.append("\n    /**\n     * Returns the token to send in the {@code X-aws-proxy-auth} header.\n     *\n"
                    + "     * @return the token, or null when the service sent none\n     */\n"
                    + "    public @Nullable String token() {\n"
                    + "        return authToken == null ? null : authToken.get(\"X-aws-proxy-auth\");\n    }\n");
        }

        s.append("\n    /**\n     * Returns a builder with no member set.\n     *\n     * @return a new builder\n     */\n");
        s.append("    public static Builder builder() {\n        return new Builder();\n    }\n\n");
        s.append("    /**\n     * Returns a builder holding this value's members.\n     *\n"
                + "     * @return a new builder\n     */\n");
        s.append("    public Builder toBuilder() {\n        return new Builder(this);\n    }\n");
        for (String other : sameShape(name, members)) {
            s.append("\n    /**\n     * Returns the members of a {@link ").append(other)
                    .append("}, which has this shape.\n     *\n     * @param source the value to copy\n"
                            + "     * @return the value\n     */\n");
            s.append("    public static ").append(name).append(" from(").append(other).append(" source) {\n")
                    .append("        return new ").append(name).append('(');
            for (int i = 0; i < members.size(); i++) {
                s.append(i == 0 ? "\n                " : ",\n                ").append("source.")
                        .append(members.get(i).name()).append("()");
            }
            s.append(");\n    }\n");
        }
        if (redacts) {
            s.append("\n    @Override\n    public String toString() {\n        return \"").append(name)
                    .append("[\"");
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                s.append("\n                + \"").append(i == 0 ? "" : ", ").append(m.name()).append("=\" + ");
                if (m.sensitive()) {
                    s.append('(').append(m.name()).append(" == null ? null : \"***\")");
                } else {
                    s.append(m.name());
                }
            }
            s.append("\n                + \"]\";\n    }\n");
        }

        s.append("\n    /** Builds a {@link ").append(name).append("}. */\n");
        s.append("    public static final class Builder {\n");
        for (Member m : members) {
            s.append("        private @Nullable ").append(m.type()).append(' ').append(m.name()).append(";\n");
        }
        s.append("\n        private Builder() {}\n\n");
        s.append("        private Builder(").append(name).append(" source) {\n");
        for (Member m : members) {
            s.append("            this.").append(m.name()).append(" = source.").append(m.name()).append("();\n");
        }
        s.append("        }\n");
        for (Member m : members) {
            s.append("\n        /**\n         * Sets {@link ").append(name).append('#').append(m.name())
                    .append("()}.\n         *\n         * @param ").append(m.name()).append(' ')
                    .append(m.doc()).append("\n         * @return this builder\n         */\n");
            s.append("        public Builder ").append(m.name()).append("(@Nullable ").append(m.type()).append(' ')
                    .append(m.name()).append(") {\n            this.").append(m.name()).append(" = ")
                    .append(m.name()).append(";\n            return this;\n        }\n");
            if (m.isList()) {
                s.append("\n        /**\n         * Sets {@link ").append(name).append('#').append(m.name())
                        .append("()}.\n         *\n         * @param ").append(m.name()).append(' ')
                        .append(m.doc()).append("\n         * @return this builder\n         */\n");
                s.append("        public Builder ").append(m.name()).append('(').append(m.elementType())
                        .append("... ").append(m.name()).append(") {\n            this.").append(m.name())
                        .append(" = List.of(").append(m.name()).append(");\n            return this;\n        }\n");
            }
        }
        for (Group g : implemented) {
            s.append("\n        /**\n         * Sets every member of a {@link ").append(g.name())
                    .append("}, such as another request's.\n         *\n         * @param source the members to copy\n"
                            + "         * @return this builder\n         */\n");
            s.append("        public Builder ").append(g.setter()).append('(').append(g.name()).append(" source) {\n");
            for (Member m : g.members()) {
                s.append("            this.").append(m.name()).append(" = source.").append(m.name()).append("();\n");
            }
            s.append("            return this;\n        }\n");
        }
        s.append("\n        /**\n         * Builds the value. Required members are checked by the client before it"
                + " sends a request,\n         * with a message that says how to fix them, not here.\n         *\n"
                + "         * @return the value\n         */\n");
        s.append("        public ").append(name).append(" build() {\n            return new ").append(name)
                .append('(');
        for (int i = 0; i < members.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(members.get(i).name());
        }
        s.append(");\n        }\n    }\n}\n");
        files.put(name, s.toString());
    }

    private static String annotated(Member m) {
        if (m.required()) {
            return m.type();
        }
        // JSpecify type-use annotations go right before the simple type name.
        return "@Nullable " + m.type();
    }

    private static StringBuilder header(Set<String> imports) {
        StringBuilder s = new StringBuilder();
        s.append("// Generated by codegen/ModelGenerator.java from the service model. Do not edit.\n");
        s.append("package ").append(PACKAGE).append(";\n\n");
        for (String i : imports) {
            s.append("import ").append(i).append(";\n");
        }
        s.append('\n');
        return s;
    }

}
