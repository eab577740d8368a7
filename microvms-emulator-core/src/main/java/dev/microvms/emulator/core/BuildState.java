package dev.microvms.emulator.core;

/** The states of one build of a version. */
public enum BuildState {
    PENDING,
    IN_PROGRESS,
    SUCCESSFUL,
    FAILED;

    /** @return true when the build may move from this state to {@code next} */
    public boolean canMoveTo(BuildState next) {
        return switch (this) {
            case PENDING -> next == IN_PROGRESS;
            case IN_PROGRESS -> next == SUCCESSFUL || next == FAILED;
            case SUCCESSFUL, FAILED -> false;
        };
    }
}
