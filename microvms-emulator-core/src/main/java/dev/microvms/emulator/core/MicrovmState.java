package dev.microvms.emulator.core;

/** The states of a MicroVM and the moves between them. */
public enum MicrovmState {
    PENDING,
    RUNNING,
    SUSPENDING,
    SUSPENDED,
    TERMINATING,
    TERMINATED;

    /** @return true when the MicroVM may move from this state to {@code next} */
    public boolean canMoveTo(MicrovmState next) {
        return switch (this) {
            case PENDING -> next == RUNNING || next == TERMINATING;
            case RUNNING -> next == SUSPENDING || next == TERMINATING;
            // A suspend hook that fails leaves the MicroVM running.
            case SUSPENDING -> next == SUSPENDED || next == RUNNING || next == TERMINATING;
            // Resume goes from SUSPENDED straight to RUNNING, as recorded live.
            case SUSPENDED -> next == RUNNING || next == TERMINATING;
            case TERMINATING -> next == TERMINATED;
            case TERMINATED -> false;
        };
    }
}
