package dev.microvms.sdk.internal;

import static dev.microvms.sdk.internal.WaiterOutcome.FAILURE;
import static dev.microvms.sdk.internal.WaiterOutcome.RETRY;
import static dev.microvms.sdk.internal.WaiterOutcome.SUCCESS;

import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmImageVersionResponse;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageVersionState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The waiters of images and image versions. */
public final class ImageWaiters {
    private ImageWaiters() {}

    /**
     * Waits for an image's first build: CREATED, or any later state of a created image (UPDATING,
     * UPDATED, UPDATE_FAILED: the creation itself succeeded). Fails on CREATE_FAILED and on deletion.
     */
    public static final WaiterDefinition<GetMicrovmImageResponse> CREATED = image(
            "CREATED",
            List.of(
                    Acceptor.onState(
                            SUCCESS,
                            GetMicrovmImageResponse::state,
                            MicrovmImageState.CREATED,
                            MicrovmImageState.UPDATING,
                            MicrovmImageState.UPDATED,
                            MicrovmImageState.UPDATE_FAILED),
                    Acceptor.onState(
                            FAILURE,
                            GetMicrovmImageResponse::state,
                            MicrovmImageState.CREATE_FAILED,
                            MicrovmImageState.DELETING,
                            MicrovmImageState.DELETED,
                            MicrovmImageState.DELETE_FAILED),
                    Acceptor.onState(RETRY, GetMicrovmImageResponse::state, MicrovmImageState.CREATING)));

    /**
     * Waits for an update's build: UPDATED. CREATED and CREATING mean the update is not visible yet
     * (retry); UPDATE_FAILED, CREATE_FAILED and deletion fail.
     */
    public static final WaiterDefinition<GetMicrovmImageResponse> UPDATED = image(
            "UPDATED",
            List.of(
                    Acceptor.onState(SUCCESS, GetMicrovmImageResponse::state, MicrovmImageState.UPDATED),
                    Acceptor.onState(
                            FAILURE,
                            GetMicrovmImageResponse::state,
                            MicrovmImageState.UPDATE_FAILED,
                            MicrovmImageState.CREATE_FAILED,
                            MicrovmImageState.DELETING,
                            MicrovmImageState.DELETED,
                            MicrovmImageState.DELETE_FAILED),
                    Acceptor.onState(
                            RETRY,
                            GetMicrovmImageResponse::state,
                            MicrovmImageState.CREATING,
                            MicrovmImageState.CREATED,
                            MicrovmImageState.UPDATING)));

    /** Waits until an image is gone: DELETED or not found. Fails on DELETE_FAILED. */
    public static final WaiterDefinition<GetMicrovmImageResponse> IMAGE_DELETED = new WaiterDefinition<>(
            "DELETED",
            r -> String.valueOf(r.state()),
            r -> null,
            List.of(
                    Acceptor.onState(SUCCESS, GetMicrovmImageResponse::state, MicrovmImageState.DELETED),
                    Acceptor.onError(SUCCESS, ResourceNotFoundException.class),
                    Acceptor.onState(FAILURE, GetMicrovmImageResponse::state, MicrovmImageState.DELETE_FAILED)),
            WaiterTiming.DELETE);

    /** Waits for a version's build: SUCCESSFUL. Fails on FAILED and on deletion. */
    public static final WaiterDefinition<GetMicrovmImageVersionResponse> VERSION_SUCCESSFUL = new WaiterDefinition<>(
            "SUCCESSFUL",
            r -> String.valueOf(r.state()),
            GetMicrovmImageVersionResponse::stateReason,
            List.of(
                    Acceptor.onState(
                            SUCCESS, GetMicrovmImageVersionResponse::state, MicrovmImageVersionState.SUCCESSFUL),
                    Acceptor.onState(
                            FAILURE,
                            GetMicrovmImageVersionResponse::state,
                            MicrovmImageVersionState.FAILED,
                            MicrovmImageVersionState.DELETING,
                            MicrovmImageVersionState.DELETED,
                            MicrovmImageVersionState.DELETE_FAILED),
                    Acceptor.onState(
                            RETRY,
                            GetMicrovmImageVersionResponse::state,
                            MicrovmImageVersionState.PENDING,
                            MicrovmImageVersionState.IN_PROGRESS)),
            WaiterTiming.BUILD);

    /** Waits until a version is gone: DELETED or not found. Fails on DELETE_FAILED. */
    public static final WaiterDefinition<GetMicrovmImageVersionResponse> VERSION_DELETED = new WaiterDefinition<>(
            "DELETED",
            r -> String.valueOf(r.state()),
            GetMicrovmImageVersionResponse::stateReason,
            List.of(
                    Acceptor.onState(SUCCESS, GetMicrovmImageVersionResponse::state, MicrovmImageVersionState.DELETED),
                    Acceptor.onError(SUCCESS, ResourceNotFoundException.class),
                    Acceptor.onState(
                            FAILURE, GetMicrovmImageVersionResponse::state, MicrovmImageVersionState.DELETE_FAILED)),
            WaiterTiming.DELETE);

    private static WaiterDefinition<GetMicrovmImageResponse> image(
            String target, List<Acceptor<GetMicrovmImageResponse>> acceptors) {
        return new WaiterDefinition<>(
                target, r -> String.valueOf(r.state()), ImageWaiters::noReason, acceptors, WaiterTiming.BUILD);
    }

    private static @Nullable String noReason(GetMicrovmImageResponse response) {
        // An image carries no reason of its own; the failure's reason is on the failed version's build.
        return null;
    }
}
