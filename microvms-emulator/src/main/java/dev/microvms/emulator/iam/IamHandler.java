package dev.microvms.emulator.iam;

import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.http.QueryRequest;
import dev.microvms.emulator.http.XmlAnswer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IAM's query protocol (version 2010-05-08) on the emulator's port: the role operations the kit uses, with
 * IAM's XML answers. Policy documents go out URL-encoded, as IAM sends them (the AWS SDKs for Python and
 * the CLI decode them; the SDK for Java hands them over encoded).
 */
public final class IamHandler {
    /** The API version of IAM's query protocol. */
    public static final String VERSION = "2010-05-08";

    private static final Logger LOG = LoggerFactory.getLogger(IamHandler.class);
    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final IamService iam;
    private final Map<String, Function<QueryRequest, HttpAnswer>> actions = new LinkedHashMap<>();

    /** @param iam the service */
    public IamHandler(IamService iam) {
        this.iam = iam;
        actions.put("CreateRole", this::createRole);
        actions.put("GetRole", q -> role("GetRole", iam.getRole(q.get("RoleName"))));
        actions.put("ListRoles", this::listRoles);
        actions.put("DeleteRole", q -> {
            iam.deleteRole(q.get("RoleName"));
            return XmlAnswer.empty("DeleteRole", NAMESPACE);
        });
        actions.put("UpdateAssumeRolePolicy", q -> {
            iam.updateAssumeRolePolicy(q.get("RoleName"), q.get("PolicyDocument"));
            return XmlAnswer.empty("UpdateAssumeRolePolicy", NAMESPACE);
        });
        actions.put("PutRolePolicy", q -> {
            iam.putRolePolicy(q.get("RoleName"), q.get("PolicyName"), q.get("PolicyDocument"));
            return XmlAnswer.empty("PutRolePolicy", NAMESPACE);
        });
        actions.put("GetRolePolicy", q -> {
            String document = iam.getRolePolicy(q.get("RoleName"), q.get("PolicyName"));
            return XmlAnswer.response("GetRolePolicy", NAMESPACE)
                    .element("RoleName", iam.getRole(q.get("RoleName")).roleName())
                    .element("PolicyName", q.get("PolicyName"))
                    .element("PolicyDocument", encode(document))
                    .answer();
        });
        actions.put("DeleteRolePolicy", q -> {
            iam.deleteRolePolicy(q.get("RoleName"), q.get("PolicyName"));
            return XmlAnswer.empty("DeleteRolePolicy", NAMESPACE);
        });
        actions.put("ListRolePolicies", this::listRolePolicies);
        actions.put("AttachRolePolicy", q -> {
            iam.attachRolePolicy(q.get("RoleName"), q.get("PolicyArn"));
            return XmlAnswer.empty("AttachRolePolicy", NAMESPACE);
        });
        actions.put("DetachRolePolicy", q -> {
            iam.detachRolePolicy(q.get("RoleName"), q.get("PolicyArn"));
            return XmlAnswer.empty("DetachRolePolicy", NAMESPACE);
        });
        actions.put("ListAttachedRolePolicies", this::listAttached);
    }

    /** Handles one IAM call. */
    public HttpAnswer handle(HttpCall call) {
        QueryRequest request = QueryRequest.of(call);
        Function<QueryRequest, HttpAnswer> action = actions.get(String.valueOf(request.action()));
        if (action == null) {
            return XmlAnswer.error(
                    400,
                    NAMESPACE,
                    "InvalidAction",
                    "Could not find operation " + request.action() + " for version " + VERSION
                            + "; the emulator's IAM answers " + String.join(", ", actions.keySet()) + ".");
        }
        try {
            return action.apply(request);
        } catch (IamException e) {
            return XmlAnswer.error(e.error().status(), NAMESPACE, e.error().code(), e.getMessage());
        } catch (NumberFormatException e) {
            return XmlAnswer.error(400, NAMESPACE, "ValidationError", "A number is not a number: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("IAM {} failed inside the emulator", request.action(), e);
            return XmlAnswer.error(500, NAMESPACE, "ServiceFailure", "Internal error: " + e);
        }
    }

    private HttpAnswer createRole(QueryRequest q) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> tag : q.structures("Tags")) {
            tags.put(String.valueOf(tag.get("Key")), tag.getOrDefault("Value", ""));
        }
        Role role = iam.createRole(new RoleRequest(
                q.get("RoleName"),
                q.get("Path"),
                q.get("AssumeRolePolicyDocument"),
                q.get("Description"),
                integer(q.get("MaxSessionDuration")),
                tags));
        return role("CreateRole", role);
    }

    private HttpAnswer listRoles(QueryRequest q) {
        Listing<Role> page = iam.listRoles(q.get("PathPrefix"), q.get("Marker"), integer(q.get("MaxItems")));
        XmlAnswer xml = XmlAnswer.response("ListRoles", NAMESPACE).start("Roles");
        page.items().forEach(r -> writeRole(xml, r, false));
        xml.end();
        return truncation(xml, page).answer();
    }

    private HttpAnswer listRolePolicies(QueryRequest q) {
        Listing<String> page = iam.listRolePolicies(q.get("RoleName"), q.get("Marker"), integer(q.get("MaxItems")));
        XmlAnswer xml = XmlAnswer.response("ListRolePolicies", NAMESPACE).start("PolicyNames");
        page.items().forEach(name -> xml.element("member", name));
        xml.end();
        return truncation(xml, page).answer();
    }

    private HttpAnswer listAttached(QueryRequest q) {
        Listing<String> page = iam.listAttachedRolePolicies(
                q.get("RoleName"), q.get("PathPrefix"), q.get("Marker"), integer(q.get("MaxItems")));
        XmlAnswer xml =
                XmlAnswer.response("ListAttachedRolePolicies", NAMESPACE).start("AttachedPolicies");
        page.items().forEach(arn -> xml.start("member")
                .element("PolicyName", IamService.policyName(arn))
                .element("PolicyArn", arn)
                .end());
        xml.end();
        return truncation(xml, page).answer();
    }

    private static XmlAnswer truncation(XmlAnswer xml, Listing<?> page) {
        return xml.element("IsTruncated", page.truncated()).element("Marker", page.marker());
    }

    private static HttpAnswer role(String action, Role role) {
        XmlAnswer xml = XmlAnswer.response(action, NAMESPACE);
        writeRole(xml, role, true);
        return xml.answer();
    }

    /** One role: alone in a {@code <Role>} with its tags, or as a list's {@code <member>} without (as IAM). */
    private static void writeRole(XmlAnswer xml, Role r, boolean alone) {
        xml.start(alone ? "Role" : "member")
                .element("Path", r.path())
                .element("RoleName", r.roleName())
                .element("RoleId", r.roleId())
                .element("Arn", r.arn())
                .element("CreateDate", r.createDate())
                .element("AssumeRolePolicyDocument", encode(r.assumeRolePolicyDocument()))
                .element("Description", r.description())
                .element("MaxSessionDuration", r.maxSessionDuration());
        if (alone && !r.tags().isEmpty()) {
            xml.start("Tags");
            r.tags().forEach((k, v) -> xml.start("member")
                    .element("Key", k)
                    .element("Value", v)
                    .end());
            xml.end();
        }
        xml.end();
    }

    /** IAM sends policy documents percent-encoded (RFC 3986), spaces as {@code %20}. */
    private static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static @Nullable Integer integer(@Nullable String value) {
        return value == null ? null : Integer.valueOf(value.trim());
    }
}
