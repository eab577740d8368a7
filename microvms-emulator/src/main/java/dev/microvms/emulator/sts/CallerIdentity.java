package dev.microvms.emulator.sts;

/**
 * Who a call comes from, as GetCallerIdentity answers.
 *
 * @param account the account id, 12 digits
 * @param arn the caller's ARN
 * @param userId the caller's unique id
 */
public record CallerIdentity(String account, String arn, String userId) {}
