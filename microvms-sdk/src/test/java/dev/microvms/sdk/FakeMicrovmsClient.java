package dev.microvms.sdk;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.PaginatedItems;
import dev.microvms.client.exception.ConflictException;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ServiceError;
import dev.microvms.model.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A hand-written, in-memory stand-in for the service: MicroVMs, images, versions and builds whose
 * states follow scripts the test sets, tokens that count up, and a log of every call.
 */
final class FakeMicrovmsClient implements LambdaMicrovmsClient {
    static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<CreateMicrovmAuthTokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    final List<RunMicrovmRequest> runRequests = new CopyOnWriteArrayList<>();
    final Map<String, Script<GetMicrovmResponse>> microvms = new ConcurrentHashMap<>();
    final Map<String, Script<GetMicrovmImageResponse>> images = new ConcurrentHashMap<>();
    final Map<String, Script<GetMicrovmImageVersionResponse>> versions = new ConcurrentHashMap<>();
    final Map<String, List<MicrovmImageBuildSummary>> builds = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();

    /** The endpoint new MicroVMs get, such as a stub server's {@code 127.0.0.1:<port>}. */
    volatile String endpoint = "0b1e2c3d.lambda-microvm.us-east-1.on.aws";
    /** The states a MicroVM goes through after RunMicrovm. */
    volatile List<MicrovmState> afterRun = List.of(MicrovmState.PENDING, MicrovmState.RUNNING);

    volatile @Nullable String afterRunReason;
    volatile @Nullable RuntimeException terminateFailure;
    volatile @Nullable RuntimeException suspendFailure;
    volatile boolean closed;

    // ---- scripting ----

    GetMicrovmResponse microvm(String id, MicrovmState state, @Nullable String reason) {
        return GetMicrovmResponse.builder()
                .microvmId(id)
                .state(state)
                .endpoint(endpoint)
                .imageArn("arn:aws:lambda:us-east-1:123456789012:microvm-image:app")
                .imageVersion("1.0")
                .maximumDurationInSeconds(28800)
                .startedAt(T0)
                .stateReason(reason)
                .build();
    }

    void scriptMicrovm(String id, @Nullable String reason, MicrovmState... states) {
        microvms.put(
                id,
                new Script<>(
                        Arrays.stream(states).map(s -> microvm(id, s, reason)).collect(Collectors.toList())));
    }

    void scriptImage(String arn, MicrovmImageState... states) {
        images.put(
                arn, new Script<>(Arrays.stream(states).map(s -> image(arn, s)).collect(Collectors.toList())));
    }

    GetMicrovmImageResponse image(String arn, MicrovmImageState state) {
        boolean failed = state == MicrovmImageState.CREATE_FAILED || state == MicrovmImageState.UPDATE_FAILED;
        return GetMicrovmImageResponse.builder()
                .imageArn(arn)
                .name(arn.substring(arn.lastIndexOf(':') + 1))
                .state(state)
                .latestActiveImageVersion(state == MicrovmImageState.CREATE_FAILED ? null : "1.0")
                .latestFailedImageVersion(failed ? (state == MicrovmImageState.UPDATE_FAILED ? "2.0" : "1.0") : null)
                .createdAt(T0)
                .build();
    }

    void scriptVersion(String arn, String version, @Nullable String reason, MicrovmImageVersionState... states) {
        versions.put(
                arn + "/" + version,
                new Script<>(Arrays.stream(states)
                        .map(s -> version(arn, version, s, MicrovmImageVersionStatus.ACTIVE, reason))
                        .collect(Collectors.toList())));
    }

    static GetMicrovmImageVersionResponse version(
            String arn,
            String version,
            MicrovmImageVersionState state,
            MicrovmImageVersionStatus status,
            @Nullable String reason) {
        return GetMicrovmImageVersionResponse.builder()
                .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                .buildRoleArn("arn:aws:iam::123456789012:role/build")
                .codeArtifact(CodeArtifact.uri("s3://bucket/app.zip"))
                .imageArn(arn)
                .imageVersion(version)
                .state(state)
                .status(status)
                .createdAt(T0)
                .stateReason(reason)
                .build();
    }

    void addBuild(
            String arn, String version, String buildId, String generation, BuildState state, @Nullable String reason) {
        builds.computeIfAbsent(arn + "/" + version, k -> new CopyOnWriteArrayList<>())
                .add(MicrovmImageBuildSummary.builder()
                        .imageArn(arn)
                        .imageVersion(version)
                        .buildId(buildId)
                        .buildState(state)
                        .architecture(Architecture.ARM_64)
                        .chipset(Chipset.GRAVITON)
                        .chipsetGeneration(generation)
                        .stateReason(reason)
                        .createdAt(T0)
                        .build());
    }

    long count(String operation) {
        return calls.stream().filter(c -> c.startsWith(operation)).count();
    }

    private static ResourceNotFoundException notFound(String what) {
        return new ResourceNotFoundException(
                new ServiceError(404, "ResourceNotFoundException", what + " not found", "req-1", null, null, what));
    }

    private static ConflictException conflict(String message) {
        return new ConflictException(new ServiceError(409, "ConflictException", message, "req-2", null, null, null));
    }

    private <T> T next(Map<String, Script<T>> map, String key) {
        Script<T> script = map.get(key);
        if (script == null) {
            throw notFound(key);
        }
        return script.next();
    }

    // ---- MicroVMs ----

    @Override
    public RunMicrovmResponse runMicrovm(RunMicrovmRequest request) {
        calls.add("RunMicrovm " + request.imageIdentifier());
        runRequests.add(request);
        String id = "microvm-" + ids.incrementAndGet();
        microvms.put(
                id,
                new Script<>(afterRun.stream()
                        .map(s -> microvm(id, s, afterRunReason))
                        .collect(Collectors.toList())));
        return RunMicrovmResponse.builder()
                .microvmId(id)
                .state(MicrovmState.PENDING)
                .endpoint(endpoint)
                .imageArn(request.imageIdentifier())
                .imageVersion(request.imageVersion() == null ? "1.0" : request.imageVersion())
                .maximumDurationInSeconds(28800)
                .startedAt(T0)
                .build();
    }

    @Override
    public GetMicrovmResponse getMicrovm(GetMicrovmRequest request) {
        calls.add("GetMicrovm " + request.microvmIdentifier());
        return next(microvms, request.microvmIdentifier());
    }

    @Override
    public ListMicrovmsResponse listMicrovms(ListMicrovmsRequest request) {
        calls.add("ListMicrovms");
        List<MicrovmSummary> items = microvms.values().stream()
                .map(Script::peekLast)
                .filter(m -> request.imageIdentifier() == null || m.imageArn().equals(request.imageIdentifier()))
                .map(m -> MicrovmSummary.builder()
                        .microvmId(m.microvmId())
                        .state(m.state())
                        .imageArn(m.imageArn())
                        .imageVersion(m.imageVersion())
                        .startedAt(m.startedAt())
                        .build())
                .collect(Collectors.toList());
        return ListMicrovmsResponse.builder().items(items).build();
    }

    @Override
    public PaginatedItems<MicrovmSummary> listMicrovmsPaginator(ListMicrovmsRequest request) {
        return () -> listMicrovms(request).items().iterator();
    }

    @Override
    public TerminateMicrovmResponse terminateMicrovm(TerminateMicrovmRequest request) {
        String id = request.microvmIdentifier();
        calls.add("TerminateMicrovm " + id);
        if (terminateFailure != null) {
            throw terminateFailure;
        }
        Script<GetMicrovmResponse> script = microvms.get(id);
        if (script == null) {
            throw notFound(id);
        }
        script.replace(List.of(
                microvm(id, MicrovmState.TERMINATING, null),
                microvm(id, MicrovmState.TERMINATED, "Terminated by the user.")));
        return new TerminateMicrovmResponse();
    }

    @Override
    public SuspendMicrovmResponse suspendMicrovm(SuspendMicrovmRequest request) {
        String id = request.microvmIdentifier();
        calls.add("SuspendMicrovm " + id);
        if (suspendFailure != null) {
            throw suspendFailure;
        }
        Script<GetMicrovmResponse> script = microvms.get(id);
        if (script == null) {
            throw notFound(id);
        }
        MicrovmState now = script.peekLast().state();
        if (now != MicrovmState.RUNNING) {
            throw conflict("MicroVM " + id + " is " + now + " and cannot be suspended");
        }
        script.replace(List.of(microvm(id, MicrovmState.SUSPENDING, null), microvm(id, MicrovmState.SUSPENDED, null)));
        return new SuspendMicrovmResponse();
    }

    @Override
    public ResumeMicrovmResponse resumeMicrovm(ResumeMicrovmRequest request) {
        String id = request.microvmIdentifier();
        calls.add("ResumeMicrovm " + id);
        Script<GetMicrovmResponse> script = microvms.get(id);
        if (script == null) {
            throw notFound(id);
        }
        if (script.peekLast().state() != MicrovmState.SUSPENDED) {
            throw conflict("MicroVM " + id + " is not SUSPENDED");
        }
        script.replace(List.of(microvm(id, MicrovmState.RUNNING, null)));
        return new ResumeMicrovmResponse();
    }

    @Override
    public CreateMicrovmAuthTokenResponse createMicrovmAuthToken(CreateMicrovmAuthTokenRequest request) {
        calls.add("CreateMicrovmAuthToken " + request.microvmIdentifier());
        tokenRequests.add(request);
        return new CreateMicrovmAuthTokenResponse(Map.of("X-aws-proxy-auth", "token-" + tokens.incrementAndGet()));
    }

    @Override
    public CreateMicrovmShellAuthTokenResponse createMicrovmShellAuthToken(CreateMicrovmShellAuthTokenRequest request) {
        calls.add("CreateMicrovmShellAuthToken " + request.microvmIdentifier());
        return new CreateMicrovmShellAuthTokenResponse(
                Map.of("X-aws-proxy-auth", "shell-token-" + tokens.incrementAndGet()));
    }

    // ---- images ----

    @Override
    public CreateMicrovmImageResponse createMicrovmImage(CreateMicrovmImageRequest request) {
        calls.add("CreateMicrovmImage " + request.name());
        String arn = "arn:aws:lambda:us-east-1:123456789012:microvm-image:" + request.name();
        if (!images.containsKey(arn)) {
            scriptImage(arn, MicrovmImageState.CREATING, MicrovmImageState.CREATED);
        }
        return CreateMicrovmImageResponse.builder()
                .imageArn(arn)
                .name(request.name())
                .state(MicrovmImageState.CREATING)
                .createdAt(T0)
                .baseImageArn(request.baseImageArn())
                .buildRoleArn(request.buildRoleArn())
                .codeArtifact(request.codeArtifact())
                .imageVersion("1.0")
                .build();
    }

    @Override
    public GetMicrovmImageResponse getMicrovmImage(GetMicrovmImageRequest request) {
        calls.add("GetMicrovmImage " + request.imageIdentifier());
        String id = request.imageIdentifier();
        // The service takes a name too: the image of the account and Region of that name.
        String arn = id.startsWith("arn:")
                ? id
                : images.keySet().stream()
                        .filter(a -> a.endsWith(":microvm-image:" + id))
                        .findFirst()
                        .orElse(id);
        return next(images, arn);
    }

    @Override
    public ListMicrovmImagesResponse listMicrovmImages(ListMicrovmImagesRequest request) {
        calls.add("ListMicrovmImages");
        List<MicrovmImageSummary> items = images.values().stream()
                .map(Script::peekLast)
                .filter(i -> request.nameFilter() == null || i.name().contains(request.nameFilter()))
                .map(i -> MicrovmImageSummary.builder()
                        .imageArn(i.imageArn())
                        .name(i.name())
                        .state(i.state())
                        .latestActiveImageVersion(i.latestActiveImageVersion())
                        .createdAt(i.createdAt())
                        .build())
                .collect(Collectors.toList());
        return ListMicrovmImagesResponse.builder().items(items).build();
    }

    @Override
    public PaginatedItems<MicrovmImageSummary> listMicrovmImagesPaginator(ListMicrovmImagesRequest request) {
        return () -> listMicrovmImages(request).items().iterator();
    }

    @Override
    public UpdateMicrovmImageResponse updateMicrovmImage(UpdateMicrovmImageRequest request) {
        calls.add("UpdateMicrovmImage " + request.imageIdentifier());
        GetMicrovmImageResponse now = next(images, request.imageIdentifier());
        return UpdateMicrovmImageResponse.builder()
                .imageArn(now.imageArn())
                .name(now.name())
                .state(MicrovmImageState.UPDATING)
                .latestActiveImageVersion(now.latestActiveImageVersion())
                .createdAt(now.createdAt())
                .baseImageArn(request.baseImageArn())
                .buildRoleArn(request.buildRoleArn())
                .codeArtifact(request.codeArtifact())
                .imageVersion("2.0")
                .build();
    }

    @Override
    public DeleteMicrovmImageResponse deleteMicrovmImage(DeleteMicrovmImageRequest request) {
        calls.add("DeleteMicrovmImage " + request.imageIdentifier());
        images.remove(request.imageIdentifier());
        return new DeleteMicrovmImageResponse(request.imageIdentifier(), MicrovmImageState.DELETING);
    }

    @Override
    public ListMicrovmImageVersionsResponse listMicrovmImageVersions(ListMicrovmImageVersionsRequest request) {
        calls.add("ListMicrovmImageVersions " + request.imageIdentifier());
        List<MicrovmImageVersionSummary> items = new ArrayList<>();
        versions.forEach((key, script) -> {
            GetMicrovmImageVersionResponse v = script.peekLast();
            if (v.imageArn().equals(request.imageIdentifier())) {
                items.add(MicrovmImageVersionSummary.builder()
                        .baseImageArn(v.baseImageArn())
                        .buildRoleArn(v.buildRoleArn())
                        .codeArtifact(v.codeArtifact())
                        .imageArn(v.imageArn())
                        .imageVersion(v.imageVersion())
                        .state(v.state())
                        .status(v.status())
                        .createdAt(v.createdAt())
                        .stateReason(v.stateReason())
                        .build());
            }
        });
        items.sort((a, b) -> a.imageVersion().compareTo(b.imageVersion()));
        return ListMicrovmImageVersionsResponse.builder().items(items).build();
    }

    @Override
    public PaginatedItems<MicrovmImageVersionSummary> listMicrovmImageVersionsPaginator(
            ListMicrovmImageVersionsRequest request) {
        return () -> listMicrovmImageVersions(request).items().iterator();
    }

    @Override
    public GetMicrovmImageVersionResponse getMicrovmImageVersion(GetMicrovmImageVersionRequest request) {
        calls.add("GetMicrovmImageVersion " + request.imageIdentifier() + " " + request.imageVersion());
        return next(versions, request.imageIdentifier() + "/" + request.imageVersion());
    }

    @Override
    public UpdateMicrovmImageVersionResponse updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest request) {
        calls.add("UpdateMicrovmImageVersion " + request.imageVersion() + " " + request.status());
        String key = request.imageIdentifier() + "/" + request.imageVersion();
        GetMicrovmImageVersionResponse now = next(versions, key);
        GetMicrovmImageVersionResponse changed =
                now.toBuilder().status(request.status()).build();
        versions.put(key, new Script<>(List.of(changed)));
        return UpdateMicrovmImageVersionResponse.builder()
                .baseImageArn(changed.baseImageArn())
                .buildRoleArn(changed.buildRoleArn())
                .codeArtifact(changed.codeArtifact())
                .imageArn(changed.imageArn())
                .imageVersion(changed.imageVersion())
                .state(changed.state())
                .status(changed.status())
                .createdAt(changed.createdAt())
                .build();
    }

    @Override
    public DeleteMicrovmImageVersionResponse deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest request) {
        calls.add("DeleteMicrovmImageVersion " + request.imageVersion());
        versions.remove(request.imageIdentifier() + "/" + request.imageVersion());
        return new DeleteMicrovmImageVersionResponse(
                request.imageIdentifier(), request.imageVersion(), MicrovmImageVersionState.DELETING);
    }

    @Override
    public ListMicrovmImageBuildsResponse listMicrovmImageBuilds(ListMicrovmImageBuildsRequest request) {
        calls.add("ListMicrovmImageBuilds " + request.imageVersion());
        return ListMicrovmImageBuildsResponse.builder()
                .items(List.copyOf(
                        builds.getOrDefault(request.imageIdentifier() + "/" + request.imageVersion(), List.of())))
                .build();
    }

    @Override
    public PaginatedItems<MicrovmImageBuildSummary> listMicrovmImageBuildsPaginator(
            ListMicrovmImageBuildsRequest request) {
        return () -> listMicrovmImageBuilds(request).items().iterator();
    }

    @Override
    public GetMicrovmImageBuildResponse getMicrovmImageBuild(GetMicrovmImageBuildRequest request) {
        calls.add("GetMicrovmImageBuild " + request.buildId());
        return builds.getOrDefault(request.imageIdentifier() + "/" + request.imageVersion(), List.of()).stream()
                .filter(b -> b.buildId().equals(request.buildId()))
                .findFirst()
                .map(b -> GetMicrovmImageBuildResponse.builder()
                        .imageArn(b.imageArn())
                        .imageVersion(b.imageVersion())
                        .buildId(b.buildId())
                        .buildState(b.buildState())
                        .architecture(b.architecture())
                        .chipset(b.chipset())
                        .chipsetGeneration(b.chipsetGeneration())
                        .stateReason(b.stateReason())
                        .createdAt(b.createdAt())
                        .snapshotBuild(new SnapshotBuild(550_000_000L, 20_000_000L, 1_000_000_000L))
                        .build())
                .orElseThrow(() -> notFound(request.buildId()));
    }

    // ---- managed images ----

    static final String MANAGED = "arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1";

    @Override
    public ListManagedMicrovmImagesResponse listManagedMicrovmImages(ListManagedMicrovmImagesRequest request) {
        calls.add("ListManagedMicrovmImages");
        return ListManagedMicrovmImagesResponse.builder()
                .items(new ManagedMicrovmImageSummary(MANAGED, T0, null))
                .build();
    }

    @Override
    public PaginatedItems<ManagedMicrovmImageSummary> listManagedMicrovmImagesPaginator(
            ListManagedMicrovmImagesRequest request) {
        return () -> listManagedMicrovmImages(request).items().iterator();
    }

    @Override
    public ListManagedMicrovmImageVersionsResponse listManagedMicrovmImageVersions(
            ListManagedMicrovmImageVersionsRequest request) {
        calls.add("ListManagedMicrovmImageVersions " + request.imageIdentifier());
        if (!request.imageIdentifier().equals(MANAGED)) {
            throw notFound(request.imageIdentifier());
        }
        return ListManagedMicrovmImageVersionsResponse.builder()
                .items(
                        new ManagedMicrovmImageVersionSummary(
                                MANAGED, "0", ManagedMicrovmImageVersionStatus.AVAILABLE, T0, null),
                        new ManagedMicrovmImageVersionSummary(
                                MANAGED, "1", ManagedMicrovmImageVersionStatus.AVAILABLE, T0, null))
                .build();
    }

    @Override
    public PaginatedItems<ManagedMicrovmImageVersionSummary> listManagedMicrovmImageVersionsPaginator(
            ListManagedMicrovmImageVersionsRequest request) {
        return () -> listManagedMicrovmImageVersions(request).items().iterator();
    }

    // ---- tags ----

    @Override
    public ListTagsResponse listTags(ListTagsRequest request) {
        calls.add("ListTags " + request.resource());
        return new ListTagsResponse(Map.copyOf(tags.getOrDefault(request.resource(), Map.of())));
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        calls.add("TagResource " + request.resource());
        tags.computeIfAbsent(request.resource(), k -> new LinkedHashMap<>()).putAll(request.tags());
        return new TagResourceResponse();
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        calls.add("UntagResource " + request.resource());
        Map<String, String> now = tags.get(request.resource());
        if (now != null) {
            request.tagKeys().forEach(now::remove);
        }
        return new UntagResourceResponse();
    }

    @Override
    public void close() {
        closed = true;
    }
}
