package dev.microvms.emulator.logs;

/**
 * A log group as DescribeLogGroups answers it.
 *
 * @param name its name
 * @param arn its ARN, {@code arn:aws:logs:<region>:<account>:log-group:<name>}
 * @param creationTime when it was created, in epoch milliseconds
 * @param storedBytes what its events take
 */
public record LogGroupSummary(String name, String arn, long creationTime, long storedBytes) {}
