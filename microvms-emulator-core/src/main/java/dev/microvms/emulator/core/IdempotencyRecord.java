package dev.microvms.emulator.core;

/**
 * A client token already used, with what it made.
 *
 * @param key the operation and the token
 * @param fingerprint the digest of the first request's parameters
 * @param resource what the first request made: an image ARN and version, or a MicroVM id
 */
public record IdempotencyRecord(String key, String fingerprint, String resource) {}
