package dev.microvms.sdk;

import java.time.Duration;

/**
 * What a waiter saw on one poll, given to the progress listener of {@link WaiterOptions}.
 *
 * @param resource the resource waited on, such as {@code MicroVM microvm-1234}
 * @param target the state waited for, such as {@code RUNNING}
 * @param state the state seen on this poll, such as {@code PENDING}; {@code NOT_FOUND} when the resource
 *     is gone
 * @param elapsed the time since the waiter started
 * @param attempt the number of this poll, from 1
 */
public record WaiterProgress(String resource, String target, String state, Duration elapsed, int attempt) {}
