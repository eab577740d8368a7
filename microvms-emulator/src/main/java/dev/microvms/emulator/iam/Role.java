package dev.microvms.emulator.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An IAM role as the emulator keeps it: one file in the store holds the role, its inline policies and its
 * attached managed policies, so that every change is one atomic write.
 *
 * @param roleName the name, as created (names are unique without regard to case)
 * @param path the path, such as {@code /}
 * @param roleId the unique id, {@code AROA...}
 * @param arn the ARN
 * @param createDate when it was created
 * @param assumeRolePolicyDocument the trust policy, JSON
 * @param description the description, if any
 * @param maxSessionDuration the longest session, in seconds
 * @param tags the tags
 * @param inlinePolicies the inline policies by name, JSON
 * @param attachedPolicyArns the attached managed policies' ARNs, in the order attached
 */
public record Role(
        String roleName,
        String path,
        String roleId,
        String arn,
        Instant createDate,
        String assumeRolePolicyDocument,
        @Nullable String description,
        int maxSessionDuration,
        Map<String, String> tags,
        Map<String, String> inlinePolicies,
        List<String> attachedPolicyArns) {

    public Role {
        tags = new TreeMap<>(tags);
        inlinePolicies = new TreeMap<>(inlinePolicies);
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
    }

    Role withTrust(String document) {
        return new Role(
                roleName,
                path,
                roleId,
                arn,
                createDate,
                document,
                description,
                maxSessionDuration,
                tags,
                inlinePolicies,
                attachedPolicyArns);
    }

    Role withInlinePolicies(Map<String, String> policies) {
        return new Role(
                roleName,
                path,
                roleId,
                arn,
                createDate,
                assumeRolePolicyDocument,
                description,
                maxSessionDuration,
                tags,
                policies,
                attachedPolicyArns);
    }

    Role withAttached(List<String> arns) {
        return new Role(
                roleName,
                path,
                roleId,
                arn,
                createDate,
                assumeRolePolicyDocument,
                description,
                maxSessionDuration,
                tags,
                inlinePolicies,
                arns);
    }
}
