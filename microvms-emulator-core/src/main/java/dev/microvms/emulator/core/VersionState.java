package dev.microvms.emulator.core;

/** The build states of an image version and the moves between them. */
public enum VersionState {
    PENDING,
    IN_PROGRESS,
    SUCCESSFUL,
    FAILED,
    DELETING,
    DELETED,
    DELETE_FAILED;

    /** @return true when the version may move from this state to {@code next} */
    public boolean canMoveTo(VersionState next) {
        return switch (this) {
            case PENDING -> next == IN_PROGRESS;
            case IN_PROGRESS -> next == SUCCESSFUL || next == FAILED;
            case SUCCESSFUL, FAILED, DELETE_FAILED -> next == DELETING;
            case DELETING -> next == DELETED || next == DELETE_FAILED;
            case DELETED -> false;
        };
    }
}
