package dev.microvms.sdk;

import dev.microvms.model.BuildState;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageBuildResponse;
import dev.microvms.model.MicrovmImageBuildSummary;
import dev.microvms.model.SnapshotBuild;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One build of an image version, for one chipset generation: its state, the reason it failed (such as
 * {@code The container image build failed.}) and, once fetched with {@link #refresh()}, its snapshot
 * sizes.
 *
 * <pre>{@code
 * for (MicrovmImageBuild b : image.version("1.0").builds()) {
 *     System.out.println(b.chipsetGeneration() + ": " + b.state() + " " + b.stateReason());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MicrovmImageBuild {
    private final SdkContext ctx;
    private volatile GetMicrovmImageBuildResponse data;

    private MicrovmImageBuild(SdkContext ctx, GetMicrovmImageBuildResponse data) {
        this.ctx = ctx;
        this.data = data;
    }

    static MicrovmImageBuild of(SdkContext ctx, GetMicrovmImageBuildResponse data) {
        return new MicrovmImageBuild(ctx, data);
    }

    static MicrovmImageBuild of(SdkContext ctx, MicrovmImageBuildSummary s) {
        return new MicrovmImageBuild(
                ctx,
                GetMicrovmImageBuildResponse.builder()
                        .imageArn(s.imageArn())
                        .imageVersion(s.imageVersion())
                        .buildId(s.buildId())
                        .buildState(s.buildState())
                        .architecture(s.architecture())
                        .chipset(s.chipset())
                        .chipsetGeneration(s.chipsetGeneration())
                        .stateReason(s.stateReason())
                        .createdAt(s.createdAt())
                        .build());
    }

    /** @return the build's id */
    public String buildId() {
        return data.buildId();
    }

    /** @return the ARN of the image */
    public String imageArn() {
        return data.imageArn();
    }

    /** @return the image version built */
    public String imageVersion() {
        return data.imageVersion();
    }

    /** @return the chipset generation built for, such as {@code 4} */
    public String chipsetGeneration() {
        return data.chipsetGeneration();
    }

    /** @return the state last seen */
    public BuildState state() {
        return data.buildState();
    }

    /** @return why the build is in its state, such as why it failed */
    public @Nullable String stateReason() {
        return data.stateReason();
    }

    /** @return the snapshot sizes, known once fetched with {@link #refresh()} */
    public Optional<SnapshotBuild> snapshotBuild() {
        return Optional.ofNullable(data.snapshotBuild());
    }

    /** @return everything the service said about it at the last call */
    public GetMicrovmImageBuildResponse data() {
        return data;
    }

    /**
     * Asks the service for the build's current data (GetMicrovmImageBuild).
     *
     * @return this build
     */
    public MicrovmImageBuild refresh() {
        data = ctx.client.getMicrovmImageBuild(GetMicrovmImageBuildRequest.builder()
                .imageIdentifier(imageArn())
                .imageVersion(imageVersion())
                .buildId(buildId())
                .build());
        return this;
    }

    /** @return the version built, as the service describes it now */
    public MicrovmImageVersion version() {
        return MicrovmImageVersion.fetch(ctx, imageArn(), imageVersion());
    }

    @Override
    public String toString() {
        return "MicrovmImageBuild[" + data.buildId() + ", " + data.imageVersion() + ", " + data.buildState() + "]";
    }
}
