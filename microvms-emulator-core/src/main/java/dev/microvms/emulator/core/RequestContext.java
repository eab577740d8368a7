package dev.microvms.emulator.core;

/**
 * Who is calling and where: the region comes from the request's SigV4 scope, the account from the
 * emulator's settings.
 *
 * @param region the region, such as {@code us-east-1}
 * @param account the 12-digit account id
 */
public record RequestContext(String region, String account) {}
