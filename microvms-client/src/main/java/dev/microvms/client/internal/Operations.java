package dev.microvms.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmAuthTokenResponse;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmImageResponse;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenResponse;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.DeleteMicrovmImageResponse;
import dev.microvms.model.DeleteMicrovmImageVersionRequest;
import dev.microvms.model.DeleteMicrovmImageVersionResponse;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageBuildResponse;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageVersionResponse;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImageVersionsResponse;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListManagedMicrovmImagesResponse;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageBuildsResponse;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImageVersionsResponse;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImagesResponse;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.ListMicrovmsResponse;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.ListTagsResponse;
import dev.microvms.model.ResumeMicrovmRequest;
import dev.microvms.model.ResumeMicrovmResponse;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.RunMicrovmResponse;
import dev.microvms.model.SuspendMicrovmRequest;
import dev.microvms.model.SuspendMicrovmResponse;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.TagResourceResponse;
import dev.microvms.model.TerminateMicrovmRequest;
import dev.microvms.model.TerminateMicrovmResponse;
import dev.microvms.model.UntagResourceRequest;
import dev.microvms.model.UntagResourceResponse;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageResponse;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import dev.microvms.model.UpdateMicrovmImageVersionResponse;
import dev.microvms.model.json.WireJson;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The 24 operations of the API on the wire (API version 2025-09-09; the tag operations are Lambda's, at
 * 2017-03-31, and speak PascalCase).
 */
public final class Operations {
    private static final String V = "/2025-09-09";
    private static final String TAGS = "/2017-03-31/tags/";
    private static final ObjectMapper JSON = WireJson.mapper();

    private Operations() {}

    public static final Operation<CreateMicrovmImageRequest, CreateMicrovmImageResponse> CREATE_MICROVM_IMAGE =
            new Operation<>(
                    "CreateMicrovmImage",
                    "POST",
                    201,
                    r -> V + "/microvm-images",
                    r -> Map.of(),
                    r -> body(r),
                    reader(CreateMicrovmImageResponse.class));

    public static final Operation<GetMicrovmImageRequest, GetMicrovmImageResponse> GET_MICROVM_IMAGE = new Operation<>(
            "GetMicrovmImage",
            "GET",
            200,
            r -> image(r.imageIdentifier()),
            r -> Map.of(),
            r -> null,
            reader(GetMicrovmImageResponse.class));

    public static final Operation<ListMicrovmImagesRequest, ListMicrovmImagesResponse> LIST_MICROVM_IMAGES =
            new Operation<>(
                    "ListMicrovmImages",
                    "GET",
                    200,
                    r -> V + "/microvm-images",
                    r -> query("maxResults", r.maxResults(), "nextToken", r.nextToken(), "nameFilter", r.nameFilter()),
                    r -> null,
                    reader(ListMicrovmImagesResponse.class));

    public static final Operation<UpdateMicrovmImageRequest, UpdateMicrovmImageResponse> UPDATE_MICROVM_IMAGE =
            new Operation<>(
                    "UpdateMicrovmImage",
                    "PUT",
                    200,
                    r -> image(r.imageIdentifier()),
                    r -> Map.of(),
                    r -> body(r, "imageIdentifier"),
                    reader(UpdateMicrovmImageResponse.class));

    public static final Operation<DeleteMicrovmImageRequest, DeleteMicrovmImageResponse> DELETE_MICROVM_IMAGE =
            new Operation<>(
                    "DeleteMicrovmImage",
                    "DELETE",
                    200,
                    r -> image(r.imageIdentifier()),
                    r -> Map.of(),
                    r -> null,
                    reader(DeleteMicrovmImageResponse.class));

    public static final Operation<ListMicrovmImageVersionsRequest, ListMicrovmImageVersionsResponse>
            LIST_MICROVM_IMAGE_VERSIONS = new Operation<>(
                    "ListMicrovmImageVersions",
                    "GET",
                    200,
                    r -> image(r.imageIdentifier()) + "/versions",
                    r -> query("maxResults", r.maxResults(), "nextToken", r.nextToken()),
                    r -> null,
                    reader(ListMicrovmImageVersionsResponse.class));

    public static final Operation<GetMicrovmImageVersionRequest, GetMicrovmImageVersionResponse>
            GET_MICROVM_IMAGE_VERSION = new Operation<>(
                    "GetMicrovmImageVersion",
                    "GET",
                    200,
                    r -> version(r.imageIdentifier(), r.imageVersion()),
                    r -> Map.of(),
                    r -> null,
                    reader(GetMicrovmImageVersionResponse.class));

    public static final Operation<UpdateMicrovmImageVersionRequest, UpdateMicrovmImageVersionResponse>
            UPDATE_MICROVM_IMAGE_VERSION = new Operation<>(
                    "UpdateMicrovmImageVersion",
                    "PATCH",
                    200,
                    r -> version(r.imageIdentifier(), r.imageVersion()),
                    r -> Map.of(),
                    r -> body(r, "imageIdentifier", "imageVersion"),
                    reader(UpdateMicrovmImageVersionResponse.class));

    public static final Operation<DeleteMicrovmImageVersionRequest, DeleteMicrovmImageVersionResponse>
            DELETE_MICROVM_IMAGE_VERSION = new Operation<>(
                    "DeleteMicrovmImageVersion",
                    "DELETE",
                    200,
                    r -> version(r.imageIdentifier(), r.imageVersion()),
                    r -> Map.of(),
                    r -> null,
                    reader(DeleteMicrovmImageVersionResponse.class));

    public static final Operation<ListMicrovmImageBuildsRequest, ListMicrovmImageBuildsResponse>
            LIST_MICROVM_IMAGE_BUILDS = new Operation<>(
                    "ListMicrovmImageBuilds",
                    "GET",
                    200,
                    r -> version(r.imageIdentifier(), r.imageVersion()) + "/builds",
                    r -> query(
                            "maxResults", r.maxResults(),
                            "nextToken", r.nextToken(),
                            "architecture", r.architecture(),
                            "chipset", r.chipset(),
                            "chipsetGeneration", r.chipsetGeneration()),
                    r -> null,
                    reader(ListMicrovmImageBuildsResponse.class));

    public static final Operation<GetMicrovmImageBuildRequest, GetMicrovmImageBuildResponse> GET_MICROVM_IMAGE_BUILD =
            new Operation<>(
                    "GetMicrovmImageBuild",
                    "GET",
                    200,
                    r -> version(r.imageIdentifier(), r.imageVersion()) + "/builds/" + label("buildId", r.buildId()),
                    r -> Map.of(),
                    r -> null,
                    reader(GetMicrovmImageBuildResponse.class));

    public static final Operation<ListManagedMicrovmImagesRequest, ListManagedMicrovmImagesResponse>
            LIST_MANAGED_MICROVM_IMAGES = new Operation<>(
                    "ListManagedMicrovmImages",
                    "GET",
                    200,
                    r -> V + "/managed-microvm-images",
                    r -> query("maxResults", r.maxResults(), "nextToken", r.nextToken()),
                    r -> null,
                    reader(ListManagedMicrovmImagesResponse.class));

    public static final Operation<ListManagedMicrovmImageVersionsRequest, ListManagedMicrovmImageVersionsResponse>
            LIST_MANAGED_MICROVM_IMAGE_VERSIONS = new Operation<>(
                    "ListManagedMicrovmImageVersions",
                    "GET",
                    200,
                    r -> V + "/managed-microvm-images/" + label("imageIdentifier", r.imageIdentifier()) + "/versions",
                    r -> query("maxResults", r.maxResults(), "nextToken", r.nextToken()),
                    r -> null,
                    reader(ListManagedMicrovmImageVersionsResponse.class));

    public static final Operation<RunMicrovmRequest, RunMicrovmResponse> RUN_MICROVM = new Operation<>(
            "RunMicrovm",
            "POST",
            200,
            r -> V + "/microvms",
            r -> Map.of(),
            r -> body(r),
            reader(RunMicrovmResponse.class));

    public static final Operation<GetMicrovmRequest, GetMicrovmResponse> GET_MICROVM = new Operation<>(
            "GetMicrovm",
            "GET",
            200,
            r -> microvm(r.microvmIdentifier()),
            r -> Map.of(),
            r -> null,
            reader(GetMicrovmResponse.class));

    public static final Operation<ListMicrovmsRequest, ListMicrovmsResponse> LIST_MICROVMS = new Operation<>(
            "ListMicrovms",
            "GET",
            200,
            r -> V + "/microvms",
            r -> query(
                    "maxResults", r.maxResults(),
                    "nextToken", r.nextToken(),
                    "imageIdentifier", r.imageIdentifier(),
                    "imageVersion", r.imageVersion()),
            r -> null,
            reader(ListMicrovmsResponse.class));

    public static final Operation<TerminateMicrovmRequest, TerminateMicrovmResponse> TERMINATE_MICROVM =
            new Operation<>(
                    "TerminateMicrovm",
                    "DELETE",
                    200,
                    r -> microvm(r.microvmIdentifier()),
                    r -> Map.of(),
                    r -> null,
                    reader(TerminateMicrovmResponse.class));

    public static final Operation<SuspendMicrovmRequest, SuspendMicrovmResponse> SUSPEND_MICROVM = new Operation<>(
            "SuspendMicrovm",
            "POST",
            200,
            r -> microvm(r.microvmIdentifier()) + "/suspend",
            r -> Map.of(),
            r -> JSON.createObjectNode(),
            reader(SuspendMicrovmResponse.class));

    public static final Operation<ResumeMicrovmRequest, ResumeMicrovmResponse> RESUME_MICROVM = new Operation<>(
            "ResumeMicrovm",
            "POST",
            200,
            r -> microvm(r.microvmIdentifier()) + "/resume",
            r -> Map.of(),
            r -> JSON.createObjectNode(),
            reader(ResumeMicrovmResponse.class));

    public static final Operation<CreateMicrovmAuthTokenRequest, CreateMicrovmAuthTokenResponse>
            CREATE_MICROVM_AUTH_TOKEN = new Operation<>(
                    "CreateMicrovmAuthToken",
                    "POST",
                    200,
                    r -> microvm(r.microvmIdentifier()) + "/auth-token",
                    r -> Map.of(),
                    r -> body(r, "microvmIdentifier"),
                    reader(CreateMicrovmAuthTokenResponse.class));

    public static final Operation<CreateMicrovmShellAuthTokenRequest, CreateMicrovmShellAuthTokenResponse>
            CREATE_MICROVM_SHELL_AUTH_TOKEN = new Operation<>(
                    "CreateMicrovmShellAuthToken",
                    "POST",
                    200,
                    r -> microvm(r.microvmIdentifier()) + "/shell-auth-token",
                    r -> Map.of(),
                    r -> body(r, "microvmIdentifier"),
                    reader(CreateMicrovmShellAuthTokenResponse.class));

    public static final Operation<ListTagsRequest, ListTagsResponse> LIST_TAGS = new Operation<>(
            "ListTags",
            "GET",
            200,
            r -> TAGS + label("resource", r.resource()),
            r -> Map.of(),
            r -> null,
            json -> new ListTagsResponse(stringMap(json.get("Tags"))));

    public static final Operation<TagResourceRequest, TagResourceResponse> TAG_RESOURCE = new Operation<>(
            "TagResource",
            "POST",
            204,
            r -> TAGS + label("resource", r.resource()),
            r -> Map.of(),
            r -> {
                ObjectNode body = JSON.createObjectNode();
                body.set("Tags", JSON.valueToTree(r.tags()));
                return body;
            },
            json -> new TagResourceResponse());

    public static final Operation<UntagResourceRequest, UntagResourceResponse> UNTAG_RESOURCE = new Operation<>(
            "UntagResource",
            "DELETE",
            204,
            r -> TAGS + label("resource", r.resource()),
            r -> r.tagKeys() == null ? Map.of() : Map.of("tagKeys", r.tagKeys()),
            r -> null,
            json -> new UntagResourceResponse());

    /** Every operation, by name. */
    public static final Map<String, Operation<?, ?>> ALL = index(
            CREATE_MICROVM_IMAGE,
            GET_MICROVM_IMAGE,
            LIST_MICROVM_IMAGES,
            UPDATE_MICROVM_IMAGE,
            DELETE_MICROVM_IMAGE,
            LIST_MICROVM_IMAGE_VERSIONS,
            GET_MICROVM_IMAGE_VERSION,
            UPDATE_MICROVM_IMAGE_VERSION,
            DELETE_MICROVM_IMAGE_VERSION,
            LIST_MICROVM_IMAGE_BUILDS,
            GET_MICROVM_IMAGE_BUILD,
            LIST_MANAGED_MICROVM_IMAGES,
            LIST_MANAGED_MICROVM_IMAGE_VERSIONS,
            RUN_MICROVM,
            GET_MICROVM,
            LIST_MICROVMS,
            TERMINATE_MICROVM,
            SUSPEND_MICROVM,
            RESUME_MICROVM,
            CREATE_MICROVM_AUTH_TOKEN,
            CREATE_MICROVM_SHELL_AUTH_TOKEN,
            LIST_TAGS,
            TAG_RESOURCE,
            UNTAG_RESOURCE);

    /**
     * Encodes a path label the way the AWS SDKs do: everything but the unreserved characters, so that
     * an ARN's colons and slashes stay inside one segment. A missing label is refused here, before
     * anything is sent, since an empty one would address another operation.
     *
     * @param member the member's name, for the message
     * @param value the label
     * @return the encoded label
     */
    static String label(String member, @Nullable String value) {
        RequestChecks.pathLabel(member, value);
        return encode(value);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String image(@Nullable String identifier) {
        return V + "/microvm-images/" + label("imageIdentifier", identifier);
    }

    private static String version(@Nullable String identifier, @Nullable String version) {
        return image(identifier) + "/versions/" + label("imageVersion", version);
    }

    private static String microvm(@Nullable String identifier) {
        return V + "/microvms/" + label("microvmIdentifier", identifier);
    }

    private static Map<String, List<String>> query(@Nullable Object... namesAndValues) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                query.put(String.valueOf(namesAndValues[i]), List.of(String.valueOf(value)));
            }
        }
        return query;
    }

    /** The request's members as JSON, less those that travel in the path. */
    private static ObjectNode body(Object request, String... pathMembers) {
        ObjectNode body = JSON.valueToTree(request);
        body.remove(List.of(pathMembers));
        return body;
    }

    private static <O> Function<JsonNode, O> reader(Class<O> type) {
        return json -> {
            try {
                return JSON.treeToValue(json, type);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static Map<String, String> stringMap(@Nullable JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static Map<String, Operation<?, ?>> index(Operation<?, ?>... operations) {
        Map<String, Operation<?, ?>> all = new LinkedHashMap<>();
        for (Operation<?, ?> op : operations) {
            all.put(op.name(), op);
        }
        return Collections.unmodifiableMap(all);
    }
}
