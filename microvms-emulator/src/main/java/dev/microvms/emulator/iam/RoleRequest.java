package dev.microvms.emulator.iam;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * CreateRole's members.
 *
 * @param roleName the name
 * @param path the path, or null for {@code /}
 * @param assumeRolePolicyDocument the trust policy
 * @param description the description, or null
 * @param maxSessionDuration the longest session in seconds, or null for 3600
 * @param tags the tags
 */
public record RoleRequest(
        @Nullable String roleName,
        @Nullable String path,
        @Nullable String assumeRolePolicyDocument,
        @Nullable String description,
        @Nullable Integer maxSessionDuration,
        Map<String, String> tags) {}
