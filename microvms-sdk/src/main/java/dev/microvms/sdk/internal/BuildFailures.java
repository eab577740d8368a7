package dev.microvms.sdk.internal;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.exception.MicrovmsException;
import dev.microvms.model.BuildState;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.MicrovmImageBuildSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digs the reason out of a failed image version: the service puts it on the failed build (such as
 * {@code The container image build failed.}), not on the image, so this lists the version's builds and
 * takes the first failed build's stateReason, falling back to the version's own stateReason.
 */
public final class BuildFailures {
    private static final Logger LOG = LoggerFactory.getLogger(BuildFailures.class);

    private final LambdaMicrovmsClient client;

    /** @param client the client to ask */
    public BuildFailures(LambdaMicrovmsClient client) {
        this.client = client;
    }

    /**
     * Finds why a version failed.
     *
     * @param imageArn the image
     * @param imageVersion the failed version
     * @param versionReason the version's own stateReason when already known, else null to look it up
     * @return the failed build's reason, else the version's reason, else null
     */
    public @Nullable String reason(String imageArn, String imageVersion, @Nullable String versionReason) {
        try {
            for (MicrovmImageBuildSummary build :
                    client.listMicrovmImageBuildsPaginator(ListMicrovmImageBuildsRequest.builder()
                            .imageIdentifier(imageArn)
                            .imageVersion(imageVersion)
                            .build())) {
                if (build.buildState() == BuildState.FAILED && build.stateReason() != null) {
                    return build.stateReason();
                }
            }
            if (versionReason != null) {
                return versionReason;
            }
            return client.getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                            .imageIdentifier(imageArn)
                            .imageVersion(imageVersion)
                            .build())
                    .stateReason();
        } catch (MicrovmsException e) {
            // The failure is what the caller needs to hear about; a lookup that fails only loses the detail.
            LOG.debug("Could not read why {} version {} failed", imageArn, imageVersion, e);
            return versionReason;
        }
    }
}
