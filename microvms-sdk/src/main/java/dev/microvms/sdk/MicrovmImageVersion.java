package dev.microvms.sdk;

import dev.microvms.model.DeleteMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageVersionResponse;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.MicrovmImageVersionState;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.MicrovmImageVersionSummary;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import dev.microvms.model.UpdateMicrovmImageVersionResponse;
import dev.microvms.sdk.internal.ImageWaiters;
import dev.microvms.sdk.internal.WaiterDefinition;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One version of an image ({@code 1.0}, {@code 2.0}, ...): its build configuration and state, its
 * builds, activation, deletion, and waiters for its build.
 *
 * <pre>{@code
 * MicrovmImageVersion v = image.version("2.0").waitUntilSuccessful();
 * v.builds().forEach(b -> System.out.println(b.chipsetGeneration() + " " + b.state()));
 * image.version("1.0").deactivate();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MicrovmImageVersion {
    private final SdkContext ctx;
    private volatile GetMicrovmImageVersionResponse data;

    private MicrovmImageVersion(SdkContext ctx, GetMicrovmImageVersionResponse data) {
        this.ctx = ctx;
        this.data = data;
    }

    static MicrovmImageVersion fetch(SdkContext ctx, String imageArn, String imageVersion) {
        return new MicrovmImageVersion(ctx, get(ctx, imageArn, imageVersion));
    }

    static MicrovmImageVersion of(SdkContext ctx, MicrovmImageVersionSummary s) {
        return new MicrovmImageVersion(ctx, GetMicrovmImageVersionResponse.from(s));
    }

    /** @return the ARN of the image */
    public String imageArn() {
        return data.imageArn();
    }

    /** @return the version, such as {@code 1.0} */
    public String imageVersion() {
        return data.imageVersion();
    }

    /** @return the build state last seen */
    public MicrovmImageVersionState state() {
        return data.state();
    }

    /** @return whether it can be run (ACTIVE) or not (INACTIVE), as last seen */
    public MicrovmImageVersionStatus status() {
        return data.status();
    }

    /** @return the reason the service gives for its state, as last seen */
    public @Nullable String stateReason() {
        return data.stateReason();
    }

    /** @return everything the service said about it at the last call */
    public GetMicrovmImageVersionResponse data() {
        return data;
    }

    /**
     * Asks the service for the version's current data (GetMicrovmImageVersion).
     *
     * @return this version
     */
    public MicrovmImageVersion refresh() {
        data = get(ctx, imageArn(), imageVersion());
        return this;
    }

    /** @return the image, as the service describes it now */
    public MicrovmImage image() {
        return MicrovmImage.fetch(ctx, imageArn());
    }

    /** @return its builds, one per chipset generation */
    public List<MicrovmImageBuild> builds() {
        return ctx
                .client
                .listMicrovmImageBuildsPaginator(ListMicrovmImageBuildsRequest.builder()
                        .imageIdentifier(imageArn())
                        .imageVersion(imageVersion())
                        .build())
                .stream()
                .map(b -> MicrovmImageBuild.of(ctx, b))
                .collect(Collectors.toList());
    }

    /**
     * Returns one build with its snapshot sizes (GetMicrovmImageBuild).
     *
     * @param buildId the build's id
     * @return the build
     */
    public MicrovmImageBuild build(String buildId) {
        return MicrovmImageBuild.of(
                ctx,
                ctx.client.getMicrovmImageBuild(GetMicrovmImageBuildRequest.builder()
                        .imageIdentifier(imageArn())
                        .imageVersion(imageVersion())
                        .buildId(buildId)
                        .build()));
    }

    /**
     * Makes the version runnable again (status ACTIVE).
     *
     * @return this version, with the data the service answered
     */
    public MicrovmImageVersion activate() {
        return setStatus(MicrovmImageVersionStatus.ACTIVE);
    }

    /**
     * Makes the version not runnable (status INACTIVE); RunMicrovm on it then answers 404.
     *
     * @return this version, with the data the service answered
     */
    public MicrovmImageVersion deactivate() {
        return setStatus(MicrovmImageVersionStatus.INACTIVE);
    }

    /**
     * Deletes the version (DeleteMicrovmImageVersion; deleting twice is fine). The last version of an
     * image cannot be deleted alone: delete the image.
     *
     * @return this version; wait with {@link #waitUntilDeleted()}
     */
    public MicrovmImageVersion delete() {
        ctx.client.deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest.builder()
                .imageIdentifier(imageArn())
                .imageVersion(imageVersion())
                .build());
        return this;
    }

    /**
     * Runs a MicroVM from this version.
     *
     * @return the MicroVM, PENDING
     */
    public Microvm run() {
        return Microvm.of(
                ctx,
                ctx.client.runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier(imageArn())
                        .imageVersion(imageVersion())
                        .build()));
    }

    /**
     * Waits until the version is built (SUCCESSFUL), failing at once on FAILED with the failed build's
     * reason (else the version's own).
     *
     * @return this version
     * @throws WaiterException when the build fails
     * @throws WaiterTimeoutException when time runs out (default 60 minutes)
     */
    public MicrovmImageVersion waitUntilSuccessful() {
        return waitUntilSuccessful(WaiterOptions.defaults());
    }

    /**
     * Waits until the version is built (SUCCESSFUL).
     *
     * @param options delay, timeout and progress listener
     * @return this version
     * @throws WaiterException when the build fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImageVersion waitUntilSuccessful(WaiterOptions options) {
        return await(ImageWaiters.VERSION_SUCCESSFUL, options);
    }

    /**
     * Waits until the version is gone (DELETED or not found), failing on DELETE_FAILED.
     *
     * @return this version
     * @throws WaiterException when the deletion fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImageVersion waitUntilDeleted() {
        return waitUntilDeleted(WaiterOptions.defaults());
    }

    /**
     * Waits until the version is gone.
     *
     * @param options delay, timeout and progress listener
     * @return this version
     * @throws WaiterException when the deletion fails
     * @throws WaiterTimeoutException when time runs out
     */
    public MicrovmImageVersion waitUntilDeleted(WaiterOptions options) {
        return await(ImageWaiters.VERSION_DELETED, options);
    }

    @Override
    public String toString() {
        GetMicrovmImageVersionResponse d = data;
        return "MicrovmImageVersion[" + d.imageArn() + " " + d.imageVersion() + ", " + d.state() + ", " + d.status()
                + "]";
    }

    private MicrovmImageVersion setStatus(MicrovmImageVersionStatus status) {
        UpdateMicrovmImageVersionResponse r =
                ctx.client.updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest.builder()
                        .imageIdentifier(imageArn())
                        .imageVersion(imageVersion())
                        .status(status)
                        .build());
        data = GetMicrovmImageVersionResponse.from(r);
        return this;
    }

    private MicrovmImageVersion await(
            WaiterDefinition<GetMicrovmImageVersionResponse> definition, WaiterOptions options) {
        ctx.waiter
                .await(
                        "MicroVM image " + imageArn() + " version " + imageVersion(),
                        definition,
                        () -> refresh().data,
                        v -> v.state() == MicrovmImageVersionState.FAILED
                                ? ctx.buildFailures.reason(v.imageArn(), v.imageVersion(), v.stateReason())
                                : v.stateReason(),
                        ctx.waiterOptions(options))
                .ifPresent(r -> data = r);
        return this;
    }

    private static GetMicrovmImageVersionResponse get(SdkContext ctx, String imageArn, String imageVersion) {
        return ctx.client.getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                .imageIdentifier(imageArn)
                .imageVersion(imageVersion)
                .build());
    }
}
