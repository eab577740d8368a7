package dev.microvms.cli.internal;

import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmImageBuildSummary;
import dev.microvms.model.MicrovmImageSummary;
import dev.microvms.model.MicrovmImageVersionSummary;
import dev.microvms.model.MicrovmSummary;
import java.util.List;

/** The rows that the text and table formats show for each kind of resource. */
public final class Views {
    private Views() {}

    /**
     * @param microvms MicroVMs from a listing
     * @return id, state, image, version, started
     */
    public static Table microvms(List<MicrovmSummary> microvms) {
        Table.Builder t = Table.of("ID", "STATE", "IMAGE", "VERSION", "STARTED");
        for (MicrovmSummary m : microvms) {
            t.row(m.microvmId(), m.state(), m.imageArn(), m.imageVersion(), m.startedAt());
        }
        return t.build();
    }

    /**
     * @param m one MicroVM
     * @return id, state, image, version, started, endpoint, reason
     */
    public static Table microvm(GetMicrovmResponse m) {
        return Table.of("ID", "STATE", "IMAGE", "VERSION", "STARTED", "ENDPOINT", "REASON")
                .row(
                        m.microvmId(),
                        m.state(),
                        m.imageArn(),
                        m.imageVersion(),
                        m.startedAt(),
                        m.endpoint(),
                        m.stateReason())
                .build();
    }

    /**
     * @param images images from a listing
     * @return name, state, latest active version, arn, created
     */
    public static Table images(List<MicrovmImageSummary> images) {
        Table.Builder t = Table.of("NAME", "STATE", "ACTIVE VERSION", "ARN", "CREATED");
        for (MicrovmImageSummary i : images) {
            t.row(i.name(), i.state(), i.latestActiveImageVersion(), i.imageArn(), i.createdAt());
        }
        return t.build();
    }

    /**
     * @param i one image
     * @return name, state, latest active and failed version, arn, created
     */
    public static Table image(GetMicrovmImageResponse i) {
        return Table.of("NAME", "STATE", "ACTIVE VERSION", "FAILED VERSION", "ARN", "CREATED")
                .row(
                        i.name(),
                        i.state(),
                        i.latestActiveImageVersion(),
                        i.latestFailedImageVersion(),
                        i.imageArn(),
                        i.createdAt())
                .build();
    }

    /**
     * @param versions versions of an image
     * @return version, state, status, reason
     */
    public static Table versions(List<MicrovmImageVersionSummary> versions) {
        Table.Builder t = Table.of("VERSION", "STATE", "STATUS", "REASON");
        for (MicrovmImageVersionSummary v : versions) {
            t.row(v.imageVersion(), v.state(), v.status(), v.stateReason());
        }
        return t.build();
    }

    /**
     * @param builds builds of a version
     * @return build id, version, state, chipset generation, reason
     */
    public static Table builds(List<MicrovmImageBuildSummary> builds) {
        Table.Builder t = Table.of("BUILD", "VERSION", "STATE", "CHIPSET", "REASON", "CREATED");
        for (MicrovmImageBuildSummary b : builds) {
            t.row(b.buildId(), b.imageVersion(), b.buildState(), b.chipsetGeneration(), b.stateReason(), b.createdAt());
        }
        return t.build();
    }
}
