package dev.microvms.sdk.internal;

/** What one poll of a waiter means. */
public enum WaiterOutcome {
    /** The state waited for is reached: stop and return. */
    SUCCESS,
    /** The resource cannot reach the state waited for any more: stop and fail at once. */
    FAILURE,
    /** Not there yet: poll again after the delay, unless time has run out. */
    RETRY
}
