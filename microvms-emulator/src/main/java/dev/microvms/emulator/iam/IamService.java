package dev.microvms.emulator.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.core.Store;
import dev.microvms.emulator.core.Violations;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The IAM roles of the emulator's account, with IAM's names, limits and messages: roles, their trust policy,
 * inline policies and attached managed policies. Nothing is enforced with them: the emulator assumes no role,
 * and managed policies are not kept, so any well-formed policy ARN can be attached.
 */
public final class IamService {
    /** Roles per account, IAM's default quota. */
    static final int MAX_ROLES = 1000;
    /** A trust policy's size, IAM's default quota, counted without white space. */
    static final int MAX_TRUST_POLICY = 2048;
    /** All inline policies of one role together, counted without white space. */
    static final int MAX_INLINE_POLICIES = 10240;
    /** Managed policies attached to one role, IAM's default quota. */
    static final int MAX_ATTACHED = 10;

    private static final String STORE_KIND = "iam-roles";
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/.+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final Store store;
    private final Clock clock;
    private final String account;
    private final SecureRandom random = new SecureRandom();
    /** By name in lower case: IAM names are unique without regard to case. */
    private final Map<String, Role> roles = new TreeMap<>();

    /**
     * @param store where roles are kept
     * @param clock the emulator's clock
     * @param account the account id of every ARN
     */
    public IamService(Store store, Clock clock, String account) {
        this.store = store;
        this.clock = clock;
        this.account = account;
        for (Role r : store.all(STORE_KIND, Role.class)) {
            roles.put(key(r.roleName()), r);
        }
    }

    /** CreateRole. */
    public synchronized Role createRole(RoleRequest r) {
        Violations v = new Violations();
        checkName(v, "roleName", r.roleName(), 64);
        v.string("path", r.path(), 1, 512, PATH);
        v.notNull("assumeRolePolicyDocument", r.assumeRolePolicyDocument());
        v.string("description", r.description(), 0, 1000, null);
        v.range("maxSessionDuration", r.maxSessionDuration(), 3600, 43200);
        v.size("tags", List.copyOf(r.tags().keySet()), 0, 50);
        r.tags().forEach((k, value) -> {
            v.string("tags.member.key", k, 1, 128, null);
            v.string("tags.member.value", value, 0, 256, null);
        });
        throwIf(v);
        String name = r.roleName();
        if (roles.containsKey(key(name))) {
            throw new IamException(IamError.ENTITY_ALREADY_EXISTS, "Role with name " + name + " already exists.");
        }
        if (roles.size() >= MAX_ROLES) {
            throw new IamException(
                    IamError.LIMIT_EXCEEDED, "Cannot exceed quota for RolesPerAccount: " + MAX_ROLES + ".");
        }
        String trust = trustPolicy(r.assumeRolePolicyDocument());
        String path = r.path() == null ? "/" : r.path();
        Role role = new Role(
                name,
                path,
                "AROA" + randomId(17),
                "arn:aws:iam::" + account + ":role" + path + name,
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                trust,
                r.description(),
                r.maxSessionDuration() == null ? 3600 : r.maxSessionDuration(),
                r.tags(),
                Map.of(),
                List.of());
        save(role);
        return role;
    }

    /** GetRole. */
    public synchronized Role getRole(@Nullable String roleName) {
        return require(roleName);
    }

    /** ListRoles, by name. */
    public synchronized Listing<Role> listRoles(
            @Nullable String pathPrefix, @Nullable String marker, @Nullable Integer maxItems) {
        Violations v = new Violations();
        v.string("pathPrefix", pathPrefix, 1, 512, null);
        throwIf(v);
        List<Role> matching = roles.values().stream()
                .filter(r -> pathPrefix == null || r.path().startsWith(pathPrefix))
                .toList();
        return page(matching, marker, maxItems);
    }

    /** DeleteRole: refused while policies are on the role, as IAM does. */
    public synchronized void deleteRole(@Nullable String roleName) {
        Role role = require(roleName);
        if (!role.inlinePolicies().isEmpty()) {
            throw new IamException(IamError.DELETE_CONFLICT, "Cannot delete entity, must delete policies first.");
        }
        if (!role.attachedPolicyArns().isEmpty()) {
            throw new IamException(IamError.DELETE_CONFLICT, "Cannot delete entity, must detach all policies first.");
        }
        roles.remove(key(role.roleName()));
        store.remove(STORE_KIND, key(role.roleName()));
    }

    /** UpdateAssumeRolePolicy. */
    public synchronized void updateAssumeRolePolicy(@Nullable String roleName, @Nullable String document) {
        Violations v = new Violations();
        checkName(v, "roleName", roleName, 64);
        v.notNull("policyDocument", document);
        throwIf(v);
        Role role = require(roleName);
        save(role.withTrust(trustPolicy(document)));
    }

    /** PutRolePolicy: creates or replaces an inline policy. */
    public synchronized void putRolePolicy(
            @Nullable String roleName, @Nullable String policyName, @Nullable String document) {
        Violations v = new Violations();
        checkName(v, "roleName", roleName, 64);
        checkName(v, "policyName", policyName, 128);
        v.notNull("policyDocument", document);
        v.string("policyDocument", document, 1, 131072, null);
        throwIf(v);
        Role role = require(roleName);
        policy(document);
        Map<String, String> policies = new TreeMap<>(role.inlinePolicies());
        policies.put(policyName, document);
        long size = policies.values().stream()
                .mapToLong(IamService::sizeWithoutSpace)
                .sum();
        if (size > MAX_INLINE_POLICIES) {
            throw new IamException(
                    IamError.LIMIT_EXCEEDED,
                    "Maximum policy size of " + MAX_INLINE_POLICIES + " bytes exceeded for role " + role.roleName());
        }
        save(role.withInlinePolicies(policies));
    }

    /** GetRolePolicy: the inline policy's document. */
    public synchronized String getRolePolicy(@Nullable String roleName, @Nullable String policyName) {
        Role role = require(roleName);
        String document = policyName == null ? null : role.inlinePolicies().get(policyName);
        if (document == null) {
            throw new IamException(
                    IamError.NO_SUCH_ENTITY, "The role policy with name " + policyName + " cannot be found.");
        }
        return document;
    }

    /** DeleteRolePolicy. */
    public synchronized void deleteRolePolicy(@Nullable String roleName, @Nullable String policyName) {
        Role role = require(roleName);
        if (policyName == null || !role.inlinePolicies().containsKey(policyName)) {
            throw new IamException(
                    IamError.NO_SUCH_ENTITY, "The role policy with name " + policyName + " cannot be found.");
        }
        Map<String, String> policies = new TreeMap<>(role.inlinePolicies());
        policies.remove(policyName);
        save(role.withInlinePolicies(policies));
    }

    /** ListRolePolicies: the inline policies' names. */
    public synchronized Listing<String> listRolePolicies(
            @Nullable String roleName, @Nullable String marker, @Nullable Integer maxItems) {
        Role role = require(roleName);
        return page(List.copyOf(role.inlinePolicies().keySet()), marker, maxItems);
    }

    /** AttachRolePolicy: attaching one already attached does nothing. */
    public synchronized void attachRolePolicy(@Nullable String roleName, @Nullable String policyArn) {
        Role role = require(roleName);
        String arn = policyArn(policyArn);
        if (role.attachedPolicyArns().contains(arn)) {
            return;
        }
        if (role.attachedPolicyArns().size() >= MAX_ATTACHED) {
            throw new IamException(
                    IamError.LIMIT_EXCEEDED, "Cannot exceed quota for PoliciesPerRole: " + MAX_ATTACHED + ".");
        }
        List<String> attached = new ArrayList<>(role.attachedPolicyArns());
        attached.add(arn);
        save(role.withAttached(attached));
    }

    /** DetachRolePolicy. */
    public synchronized void detachRolePolicy(@Nullable String roleName, @Nullable String policyArn) {
        Role role = require(roleName);
        String arn = policyArn(policyArn);
        if (!role.attachedPolicyArns().contains(arn)) {
            throw new IamException(IamError.NO_SUCH_ENTITY, "Policy " + arn + " was not found.");
        }
        List<String> attached = new ArrayList<>(role.attachedPolicyArns());
        attached.remove(arn);
        save(role.withAttached(attached));
    }

    /** ListAttachedRolePolicies: the attached policies' ARNs, in the order attached. */
    public synchronized Listing<String> listAttachedRolePolicies(
            @Nullable String roleName,
            @Nullable String pathPrefix,
            @Nullable String marker,
            @Nullable Integer maxItems) {
        Role role = require(roleName);
        List<String> matching = role.attachedPolicyArns().stream()
                .filter(a -> pathPrefix == null || policyPath(a).startsWith(pathPrefix))
                .toList();
        return page(matching, marker, maxItems);
    }

    /** @return the name of a policy from its ARN, as ListAttachedRolePolicies shows it */
    public static String policyName(String policyArn) {
        return policyArn.substring(policyArn.lastIndexOf('/') + 1);
    }

    private static String policyPath(String policyArn) {
        String afterType = policyArn.substring(policyArn.indexOf(":policy") + ":policy".length());
        return afterType.substring(0, afterType.lastIndexOf('/') + 1);
    }

    private Role require(@Nullable String roleName) {
        Violations v = new Violations();
        checkName(v, "roleName", roleName, 64);
        throwIf(v);
        Role role = roles.get(key(roleName));
        if (role == null) {
            throw new IamException(IamError.NO_SUCH_ENTITY, "The role with name " + roleName + " cannot be found.");
        }
        return role;
    }

    private void save(Role role) {
        store.put(STORE_KIND, key(role.roleName()), role);
        roles.put(key(role.roleName()), role);
    }

    private static String trustPolicy(@Nullable String document) {
        JsonNode policy = policy(document);
        if (sizeWithoutSpace(document) > MAX_TRUST_POLICY) {
            throw new IamException(
                    IamError.LIMIT_EXCEEDED, "Cannot exceed quota for ACLSizePerRole: " + MAX_TRUST_POLICY);
        }
        for (JsonNode statement : statements(policy)) {
            if (!statement.has("Principal") && !statement.has("NotPrincipal")) {
                throw new IamException(
                        IamError.MALFORMED_POLICY_DOCUMENT, "AssumeRolepolicy contained an invalid principal: none.");
            }
        }
        return document;
    }

    /** Checks the grammar IAM checks first: a JSON object with statements. */
    private static JsonNode policy(@Nullable String document) {
        JsonNode policy;
        try {
            policy = JSON.readTree(document == null ? "" : document);
        } catch (JsonProcessingException e) {
            throw new IamException(IamError.MALFORMED_POLICY_DOCUMENT, "This policy contains invalid Json");
        }
        if (policy == null || !policy.isObject()) {
            throw new IamException(IamError.MALFORMED_POLICY_DOCUMENT, "This policy contains invalid Json");
        }
        if (statements(policy).isEmpty()) {
            throw new IamException(IamError.MALFORMED_POLICY_DOCUMENT, "Syntax errors in policy.");
        }
        return policy;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        JsonNode statement = policy.get("Statement");
        List<JsonNode> all = new ArrayList<>();
        if (statement == null) {
            return all;
        }
        if (statement.isArray()) {
            statement.forEach(all::add);
        } else if (statement.isObject()) {
            all.add(statement);
        }
        return all;
    }

    private static String policyArn(@Nullable String arn) {
        Violations v = new Violations();
        v.notNull("policyArn", arn);
        v.string("policyArn", arn, 20, 2048, null);
        throwIf(v);
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new IamException(IamError.INVALID_INPUT, "ARN " + arn + " is not valid.");
        }
        return arn;
    }

    private static void checkName(Violations v, String member, @Nullable String name, int max) {
        if (v.notNull(member, name)) {
            v.string(member, name, 1, max, NAME);
        }
    }

    private static void throwIf(Violations v) {
        if (!v.isEmpty()) {
            throw new IamException(IamError.VALIDATION_ERROR, v.message());
        }
    }

    private static long sizeWithoutSpace(String document) {
        return document.chars().filter(c -> !Character.isWhitespace(c)).count();
    }

    /** Pages by position: the marker is the index of the next item, which IAM keeps opaque. */
    private static <T> Listing<T> page(List<T> items, @Nullable String marker, @Nullable Integer maxItems) {
        Violations v = new Violations();
        v.range("maxItems", maxItems, 1, 1000);
        throwIf(v);
        int max = maxItems == null ? 100 : maxItems;
        int from = 0;
        if (marker != null) {
            try {
                from = Integer.parseInt(marker);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > items.size()) {
                throw new IamException(
                        IamError.VALIDATION_ERROR,
                        "Marker '" + marker + "' is not one this listing gave out; start again without it.");
            }
        }
        int to = Math.min(items.size(), from + max);
        return new Listing<>(items.subList(from, to), to < items.size() ? String.valueOf(to) : null);
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
        }
        return id.toString();
    }

    private static String key(@Nullable String name) {
        return String.valueOf(name).toLowerCase(Locale.ROOT);
    }
}
