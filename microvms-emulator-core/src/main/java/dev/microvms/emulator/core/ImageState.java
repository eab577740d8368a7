package dev.microvms.emulator.core;

/** The states of a MicroVM image and the moves between them. */
public enum ImageState {
    CREATING,
    CREATED,
    CREATE_FAILED,
    UPDATING,
    UPDATED,
    UPDATE_FAILED,
    DELETING,
    DELETED,
    DELETE_FAILED;

    /** @return true when the image may move from this state to {@code next} */
    public boolean canMoveTo(ImageState next) {
        return switch (this) {
            case CREATING -> next == CREATED || next == CREATE_FAILED;
            case CREATED, CREATE_FAILED, UPDATED, UPDATE_FAILED -> next == UPDATING || next == DELETING;
            case UPDATING -> next == UPDATED || next == UPDATE_FAILED;
            case DELETING -> next == DELETED || next == DELETE_FAILED;
            case DELETE_FAILED -> next == DELETING;
            case DELETED -> false;
        };
    }

    /** @return true while a build of the image runs */
    public boolean building() {
        return this == CREATING || this == UPDATING;
    }
}
