package dev.microvms.sdk;

import dev.microvms.model.CreateMicrovmImageResponse;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageSummary;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageResponse;
import dev.microvms.sdk.internal.ImageWaiters;
import dev.microvms.sdk.internal.WaiterDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An image: its last-seen data, its versions, updates and deletion, waiters for its builds, tags, and
 * MicroVMs run from it.
 *
 * <pre>{@code
 * MicrovmImage image = microvms.createImage(CreateMicrovmImageRequest.builder()
 *         .name("my-app")
 *         .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
 *         .buildRoleArn("arn:aws:iam::123456789012:role/build")
 *         .codeArtifact(CodeArtifact.uri("s3://my-bucket/app.zip"))
 *         .build());
 * image.waitUntilCreated();          // fails at once with the build's reason on CREATE_FAILED
 * Microvm vm = image.run().waitUntilRunning();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MicrovmImage {
    private final SdkContext ctx;
    private volatile GetMicrovmImageResponse data;
    private volatile @Nullable String lastBuiltVersion;

    private MicrovmImage(SdkContext ctx, GetMicrovmImageResponse data, @Nullable String lastBuiltVersion) {
        this.ctx = ctx;
        this.data = data;
        this.lastBuiltVersion = lastBuiltVersion;
    }

    static MicrovmImage fetch(SdkContext ctx, String imageIdentifier) {
        return new MicrovmImage(
                ctx,
                ctx.client.getMicrovmImage(GetMicrovmImageRequest.builder()
                        .imageIdentifier(imageIdentifier)
                        .build()),
                null);
    }

    static MicrovmImage of(SdkContext ctx, CreateMicrovmImageResponse r) {
        GetMicrovmImageResponse data = GetMicrovmImageResponse.builder()
                .imageArn(r.imageArn())
                .name(r.name())
                .state(r.state())
                .latestActiveImageVersion(r.latestActiveImageVersion())
                .latestFailedImageVersion(r.latestFailedImageVersion())
                .createdAt(r.createdAt())
                .tags(r.tags())
                .updatedAt(r.updatedAt())
                .build();
        return new MicrovmImage(ctx, data, r.imageVersion());
    }

    static MicrovmImage of(SdkContext ctx, MicrovmImageSummary s) {
        GetMicrovmImageResponse data = GetMicrovmImageResponse.builder()
                .imageArn(s.imageArn())
                .name(s.name())
                .state(s.state())
                .latestActiveImageVersion(s.latestActiveImageVersion())
                .latestFailedImageVersion(s.latestFailedImageVersion())
                .createdAt(s.createdAt())
                .build();
        return new MicrovmImage(ctx, data, null);
    }

    /** @return the image's ARN */
    public String arn() {
        return data.imageArn();
    }

    /** @return the image's name */
    public String name() {
        return data.name();
    }

    /** @return the state last seen */
    public MicrovmImageState state() {
        return data.state();
    }

    /** @return everything the service said about it at the last call */
    public GetMicrovmImageResponse data() {
        return data;
    }

    /**
     * Asks the service for the image's current data (GetMicrovmImage).
     *
     * @return this image
     */
    public MicrovmImage refresh() {
        data = ctx.client.getMicrovmImage(
                GetMicrovmImageRequest.builder().imageIdentifier(arn()).build());
        return this;
    }

    /** @return the image's versions, oldest first as the service lists them */
    public List<MicrovmImageVersion> versions() {
        return ctx
                .client
                .listMicrovmImageVersionsPaginator(ListMicrovmImageVersionsRequest.builder()
                        .imageIdentifier(arn())
                        .build())
                .stream()
                .map(v -> MicrovmImageVersion.of(ctx, v))
                .collect(Collectors.toList());
    }

    /**
     * Returns one version.
     *
     * @param imageVersion such as {@code 1.0}
     * @return the version, as the service describes it now
     */
    public MicrovmImageVersion version(String imageVersion) {
        return MicrovmImageVersion.fetch(ctx, arn(), imageVersion);
    }

    /** @return the latest version that can be run (the latest ACTIVE and built one), as last seen */
    public Optional<MicrovmImageVersion> latestActiveVersion() {
        String v = data.latestActiveImageVersion();
        return v == null ? Optional.empty() : Optional.of(version(v));
    }

    /** @return the latest version whose build failed, as last seen */
    public Optional<MicrovmImageVersion> latestFailedVersion() {
        String v = data.latestFailedImageVersion();
        return v == null ? Optional.empty() : Optional.of(version(v));
    }

    /**
     * Replaces the build configuration and starts building a new version (UpdateMicrovmImage). The
     * request's {@code imageIdentifier} is filled in with this image's ARN when absent.
     *
     * <pre>{@code
     * image.update(r -> r.configuration(image.version("1.0").data()).description("second")).waitUntilUpdated();
     * }</pre>
     *
     * @param request sets the members of the new configuration; every required member must be given again
     * @return this image; wait with {@link #waitUntilUpdated()}
     */
    public MicrovmImage update(Consumer<UpdateMicrovmImageRequest.Builder> request) {
        UpdateMicrovmImageRequest.Builder builder = UpdateMicrovmImageRequest.builder();
        request.accept(builder);
        return update(builder.build());
    }

    /**
     * Replaces the build configuration and starts building a new version (UpdateMicrovmImage). The
     * request's {@code imageIdentifier} is filled in with this image's ARN when absent.
     *
     * @param request the new configuration; every required member must be given again
     * @return this image; wait with {@link #waitUntilUpdated()}
     */
    public MicrovmImage update(UpdateMicrovmImageRequest request) {
        UpdateMicrovmImageRequest r = request.imageIdentifier() == null
                ? request.toBuilder().imageIdentifier(arn()).build()
                : request;
        UpdateMicrovmImageResponse u = ctx.client.updateMicrovmImage(r);
        data = GetMicrovmImageResponse.builder()
                .imageArn(u.imageArn())
                .name(u.name())
                .state(u.state())
                .latestActiveImageVersion(u.latestActiveImageVersion())
                .latestFailedImageVersion(u.latestFailedImageVersion())
                .createdAt(u.createdAt())
                .tags(data.tags())
                .updatedAt(u.updatedAt())
                .build();
        lastBuiltVersion = u.imageVersion();
        return this;
    }

    /**
     * Deletes the image (DeleteMicrovmImage; deleting twice is fine). An image still CREATING cannot be
     * deleted.
     *
     * @return this image; wait with {@link #waitUntilDeleted()}
     */
    public MicrovmImage delete() {
        ctx.client.deleteMicrovmImage(
                DeleteMicrovmImageRequest.builder().imageIdentifier(arn()).build());
        return this;
    }

    /**
     * Waits until the image is built (CREATED), failing at once on CREATE_FAILED with the failed build's
     * reason, such as {@code The container image build failed.}
     *
     * @return this image
     * @throws WaiterException when the build fails
     * @throws WaiterTimeoutException when time runs out (default 60 minutes)
     */
    public MicrovmImage waitUntilCreated() {
        return waitUntilCreated(WaiterOptions.defaults());
    }

    /**
     * Waits until the image is built (CREATED).
     *
     * @param options delay, timeout and progress listener
     * @return this image
     * @throws WaiterException when the build fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImage waitUntilCreated(WaiterOptions options) {
        return await(ImageWaiters.CREATED, options);
    }

    /**
     * Waits until an update is built (UPDATED), failing at once on UPDATE_FAILED with the failed build's
     * reason.
     *
     * @return this image
     * @throws WaiterException when the build fails
     * @throws WaiterTimeoutException when time runs out (default 60 minutes)
     */
    public MicrovmImage waitUntilUpdated() {
        return waitUntilUpdated(WaiterOptions.defaults());
    }

    /**
     * Waits until an update is built (UPDATED).
     *
     * @param options delay, timeout and progress listener
     * @return this image
     * @throws WaiterException when the build fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImage waitUntilUpdated(WaiterOptions options) {
        return await(ImageWaiters.UPDATED, options);
    }

    /**
     * Waits until the image is gone (DELETED or not found), failing on DELETE_FAILED.
     *
     * @return this image
     * @throws WaiterException when the deletion fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImage waitUntilDeleted() {
        return waitUntilDeleted(WaiterOptions.defaults());
    }

    /**
     * Waits until the image is gone.
     *
     * @param options delay, timeout and progress listener
     * @return this image
     * @throws WaiterException when the deletion fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImage waitUntilDeleted(WaiterOptions options) {
        return await(ImageWaiters.IMAGE_DELETED, options);
    }

    /**
     * Runs a MicroVM from the latest active version.
     *
     * @return the MicroVM, PENDING; wait with {@link Microvm#waitUntilRunning()}
     */
    public Microvm run() {
        return run(RunMicrovmRequest.builder().build());
    }

    /**
     * Runs a MicroVM with the request built in place, such as {@code image.run(r -> r.runHookPayload(job))};
     * its {@code imageIdentifier} is this image's ARN unless set.
     *
     * @param request sets the members of the request
     * @return the MicroVM, PENDING
     */
    public Microvm run(Consumer<RunMicrovmRequest.Builder> request) {
        RunMicrovmRequest.Builder builder = RunMicrovmRequest.builder();
        request.accept(builder);
        return run(builder.build());
    }

    /**
     * Runs a MicroVM; the request's {@code imageIdentifier} is filled in with this image's ARN when absent.
     *
     * @param request the request
     * @return the MicroVM, PENDING
     */
    public Microvm run(RunMicrovmRequest request) {
        RunMicrovmRequest r = request.imageIdentifier() == null
                ? request.toBuilder().imageIdentifier(arn()).build()
                : request;
        return Microvm.of(ctx, ctx.client.runMicrovm(r));
    }

    /**
     * Returns a session builder for a MicroVM of this image.
     *
     * @return the builder
     */
    public MicrovmsSession.Builder session() {
        return MicrovmsSession.run(ctx, arn());
    }

    /** @return the MicroVMs run from this image, fetched page by page as the stream is read */
    public Stream<Microvm> microvms() {
        return ctx
                .client
                .listMicrovmsPaginator(
                        ListMicrovmsRequest.builder().imageIdentifier(arn()).build())
                .stream()
                .map(s -> Microvm.of(ctx, s));
    }

    /** @return the image's tags, as the service has them now (ListTags) */
    public Map<String, String> tags() {
        return Tags.list(ctx, arn());
    }

    /**
     * Adds or overwrites tags (TagResource).
     *
     * @param tags the tags
     * @return this image
     */
    public MicrovmImage tag(Map<String, String> tags) {
        Tags.tag(ctx, arn(), tags);
        return this;
    }

    /**
     * Removes tags (UntagResource).
     *
     * @param keys the keys
     * @return this image
     */
    public MicrovmImage untag(Collection<String> keys) {
        Tags.untag(ctx, arn(), keys);
        return this;
    }

    @Override
    public String toString() {
        return "MicrovmImage[" + data.imageArn() + ", " + data.state() + "]";
    }

    private MicrovmImage await(WaiterDefinition<GetMicrovmImageResponse> definition, WaiterOptions options) {
        ctx.waiter
                .await(
                        "MicroVM image " + arn(),
                        definition,
                        () -> refresh().data,
                        this::failureReason,
                        ctx.waiterOptions(options))
                .ifPresent(r -> data = r);
        return this;
    }

    private @Nullable String failureReason(GetMicrovmImageResponse failed) {
        String version =
                failed.latestFailedImageVersion() != null ? failed.latestFailedImageVersion() : lastBuiltVersion;
        return version == null ? null : ctx.buildFailures.reason(failed.imageArn(), version, null);
    }
}
