package dev.microvms.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.exception.ConflictException;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ServiceError;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmImageVersionResponse;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageVersionState;
import dev.microvms.model.MicrovmState;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaiterAcceptorsTest {

    @ParameterizedTest(name = "{0}: RUNNING {1}, SUSPENDED {2}, TERMINATED {3}")
    @CsvSource({
        "PENDING,                RETRY,   RETRY,   RETRY",
        "RUNNING,                SUCCESS, RETRY,   RETRY",
        "SUSPENDING,             RETRY,   RETRY,   RETRY",
        "SUSPENDED,              RETRY,   SUCCESS, RETRY",
        "TERMINATING,            FAILURE, FAILURE, RETRY",
        "TERMINATED,             FAILURE, FAILURE, SUCCESS",
        "UNKNOWN_TO_SDK_VERSION, RETRY,   RETRY,   RETRY",
    })
    void microvmWaiters_eachState_giveTheTableOutcome(
            MicrovmState state, WaiterOutcome running, WaiterOutcome suspended, WaiterOutcome terminated) {
        GetMicrovmResponse r =
                GetMicrovmResponse.builder().microvmId("microvm-1").state(state).build();

        assertThat(MicrovmWaiters.RUNNING.outcomeOf(r)).isEqualTo(running);
        assertThat(MicrovmWaiters.SUSPENDED.outcomeOf(r)).isEqualTo(suspended);
        assertThat(MicrovmWaiters.TERMINATED.outcomeOf(r)).isEqualTo(terminated);
    }

    @Test
    void microvmTable_coversEveryState() {
        // A new state in the model must be decided here: the table above lists each one.
        assertThat(EnumSet.allOf(MicrovmState.class)).hasSize(7);
    }

    @ParameterizedTest(name = "{0}: CREATED {1}, UPDATED {2}, DELETED {3}")
    @CsvSource({
        "CREATING,               RETRY,   RETRY,   RETRY",
        "CREATED,                SUCCESS, RETRY,   RETRY",
        "CREATE_FAILED,          FAILURE, FAILURE, RETRY",
        "UPDATING,               SUCCESS, RETRY,   RETRY",
        "UPDATED,                SUCCESS, SUCCESS, RETRY",
        "UPDATE_FAILED,          SUCCESS, FAILURE, RETRY",
        "DELETING,               FAILURE, FAILURE, RETRY",
        "DELETE_FAILED,          FAILURE, FAILURE, FAILURE",
        "DELETED,                FAILURE, FAILURE, SUCCESS",
        "UNKNOWN_TO_SDK_VERSION, RETRY,   RETRY,   RETRY",
    })
    void imageWaiters_eachState_giveTheTableOutcome(
            MicrovmImageState state, WaiterOutcome created, WaiterOutcome updated, WaiterOutcome deleted) {
        GetMicrovmImageResponse r =
                GetMicrovmImageResponse.builder().imageArn("arn").state(state).build();

        assertThat(ImageWaiters.CREATED.outcomeOf(r)).isEqualTo(created);
        assertThat(ImageWaiters.UPDATED.outcomeOf(r)).isEqualTo(updated);
        assertThat(ImageWaiters.IMAGE_DELETED.outcomeOf(r)).isEqualTo(deleted);
    }

    @ParameterizedTest(name = "{0}: SUCCESSFUL {1}, DELETED {2}")
    @CsvSource({
        "PENDING,                RETRY,   RETRY",
        "IN_PROGRESS,            RETRY,   RETRY",
        "SUCCESSFUL,             SUCCESS, RETRY",
        "FAILED,                 FAILURE, RETRY",
        "DELETING,               FAILURE, RETRY",
        "DELETED,                FAILURE, SUCCESS",
        "DELETE_FAILED,          FAILURE, FAILURE",
        "UNKNOWN_TO_SDK_VERSION, RETRY,   RETRY",
    })
    void versionWaiters_eachState_giveTheTableOutcome(
            MicrovmImageVersionState state, WaiterOutcome successful, WaiterOutcome deleted) {
        GetMicrovmImageVersionResponse r = GetMicrovmImageVersionResponse.builder()
                .imageArn("arn")
                .imageVersion("1.0")
                .state(state)
                .build();

        assertThat(ImageWaiters.VERSION_SUCCESSFUL.outcomeOf(r)).isEqualTo(successful);
        assertThat(ImageWaiters.VERSION_DELETED.outcomeOf(r)).isEqualTo(deleted);
    }

    @Test
    void deletionWaiters_resourceNotFound_areSuccess() {
        ResourceNotFoundException gone = new ResourceNotFoundException(
                new ServiceError(404, "ResourceNotFoundException", "gone", null, null, null, null));

        assertThat(MicrovmWaiters.TERMINATED.outcomeOfError(gone)).contains(WaiterOutcome.SUCCESS);
        assertThat(ImageWaiters.IMAGE_DELETED.outcomeOfError(gone)).contains(WaiterOutcome.SUCCESS);
        assertThat(ImageWaiters.VERSION_DELETED.outcomeOfError(gone)).contains(WaiterOutcome.SUCCESS);
    }

    @Test
    void runningWaiter_resourceNotFound_isNotAnOutcome() {
        ResourceNotFoundException gone = new ResourceNotFoundException(
                new ServiceError(404, "ResourceNotFoundException", "gone", null, null, null, null));

        assertThat(MicrovmWaiters.RUNNING.outcomeOfError(gone)).isEqualTo(Optional.empty());
        assertThat(ImageWaiters.CREATED.outcomeOfError(
                        new ConflictException(new ServiceError(409, "ConflictException", "x", null, null, null, null))))
                .isEmpty();
    }
}
