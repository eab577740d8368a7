package dev.microvms.emulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.emulator.core.ApiException;
import dev.microvms.emulator.core.ControlPlane;
import dev.microvms.emulator.core.ErrorType;
import dev.microvms.emulator.core.ImageService;
import dev.microvms.emulator.core.RequestContext;
import dev.microvms.emulator.http.HttpAnswer;
import dev.microvms.emulator.http.HttpCall;
import dev.microvms.emulator.store.DiskSpace;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 24 operations on the wire: routes each call by method and path (API version 2025-09-09, and
 * Lambda's 2017-03-31 tag paths), reads its members from the path, the query and the JSON body, calls
 * the control plane, and writes the answer or the error as the service does.
 */
public final class ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final String V = "2025-09-09";

    private final ControlPlane plane;
    private final Routes routes = new Routes();
    private final String defaultRegion;
    private final String account;

    /**
     * @param plane the control plane
     * @param defaultRegion the region of calls whose signature names none
     * @param account the account id of every resource
     */
    public ApiHandler(ControlPlane plane, String defaultRegion, String account) {
        this.plane = plane;
        this.defaultRegion = defaultRegion;
        this.account = account;
        define();
    }

    /** @return true when the call is for this API rather than the S3 subset */
    public static boolean owns(HttpCall call) {
        return ownsPath(call.rawPath());
    }

    /** @return true when a path is this API's rather than the S3 subset's */
    public static boolean ownsPath(String rawPath) {
        return rawPath.startsWith("/" + V + "/") || rawPath.equals("/" + V) || rawPath.startsWith("/2017-03-31/tags/");
    }

    /**
     * Answers a request the HTTP layer refuses (too large, too slow, unreadable) as the service answers
     * errors: a JSON body with the message and {@code X-Amzn-ErrorType}.
     *
     * @param rawPath the request's path, for the tag operations' own style
     * @param status the HTTP layer's status
     * @param message what was wrong and how to fix it
     * @return the answer
     */
    public static HttpAnswer httpError(String rawPath, int status, String message) {
        return ErrorWriter.http(status, message, rawPath.startsWith("/2017-03-31/"));
    }

    /** Handles one call. */
    public HttpAnswer handle(HttpCall call) {
        Routes.Match match = routes.match(call.method(), call.segments());
        boolean tagOperation = call.rawPath().startsWith("/2017-03-31/");
        try {
            if (match == null) {
                return ErrorWriter.unknownOperation(call);
            }
            String region = SigV4Scope.region(call, defaultRegion);
            if (!Regions.supported(region)) {
                throw new ApiException(ErrorType.ACCESS_DENIED, Regions.unsupported(region));
            }
            RequestContext ctx = new RequestContext(region, account);
            return match.route().operation().handle(new Call(call, match.labels(), ctx));
        } catch (ApiException e) {
            return ErrorWriter.write(e, tagOperation);
        } catch (BadRequest e) {
            return ErrorWriter.serialization(e.getMessage());
        } catch (RuntimeException e) {
            if (DiskSpace.isFull(e)) {
                LOG.error("{} {} failed: the state directory's disk is full", call.method(), call.rawPath(), e);
                return ErrorWriter.write(
                        new ApiException(
                                ErrorType.INTERNAL_SERVER,
                                "The emulator's state directory is on a full disk, so the change cannot be kept."
                                        + " Free space on it, then retry."),
                        tagOperation);
            }
            LOG.error("{} {} failed inside the emulator", call.method(), call.rawPath(), e);
            return ErrorWriter.write(new ApiException(ErrorType.INTERNAL_SERVER, "Internal error: " + e), tagOperation);
        }
    }

    private void define() {
        routes.add("POST", V + "/microvm-images", c -> {
            ImageService.ImageAndVersion made = plane.images().create(c.ctx(), c.body(CreateMicrovmImageRequest.class));
            return ok(201, Views.imageCreated(made.image(), made.version(), true));
        });
        routes.add(
                "GET",
                V + "/microvm-images",
                c -> ok(
                        200,
                        Views.page(
                                plane.images()
                                        .list(
                                                c.ctx(),
                                                c.intQuery("maxResults"),
                                                c.query("nextToken"),
                                                c.query("nameFilter")),
                                Views::imageSummary)));
        routes.add(
                "GET",
                V + "/microvm-images/{imageIdentifier}",
                c -> ok(200, Views.image(plane.images().get(c.ctx(), c.label("imageIdentifier")))));
        routes.add("PUT", V + "/microvm-images/{imageIdentifier}", c -> {
            ImageService.ImageAndVersion made =
                    plane.images().update(c.ctx(), c.body(UpdateMicrovmImageRequest.class, "imageIdentifier"));
            return ok(200, Views.imageCreated(made.image(), made.version(), false));
        });
        routes.add("DELETE", V + "/microvm-images/{imageIdentifier}", c -> {
            var image = plane.images().delete(c.ctx(), c.label("imageIdentifier"));
            ObjectNode n = JSON.createObjectNode();
            n.put("imageIdentifier", image.arn());
            n.put("state", image.state().name());
            return ok(200, n);
        });
        routes.add(
                "GET",
                V + "/microvm-images/{imageIdentifier}/versions",
                c -> ok(
                        200,
                        Views.page(
                                plane.images()
                                        .versions(
                                                c.ctx(),
                                                c.label("imageIdentifier"),
                                                c.intQuery("maxResults"),
                                                c.query("nextToken")),
                                Views::version)));
        routes.add(
                "GET",
                V + "/microvm-images/{imageIdentifier}/versions/{imageVersion}",
                c -> ok(
                        200,
                        Views.version(
                                plane.images().version(c.ctx(), c.label("imageIdentifier"), c.label("imageVersion")))));
        routes.add("PATCH", V + "/microvm-images/{imageIdentifier}/versions/{imageVersion}", c -> {
            UpdateMicrovmImageVersionRequest r =
                    c.body(UpdateMicrovmImageVersionRequest.class, "imageIdentifier", "imageVersion");
            return ok(
                    200,
                    Views.version(
                            plane.images().setStatus(c.ctx(), r.imageIdentifier(), r.imageVersion(), r.status())));
        });
        routes.add("DELETE", V + "/microvm-images/{imageIdentifier}/versions/{imageVersion}", c -> {
            var version = plane.images().deleteVersion(c.ctx(), c.label("imageIdentifier"), c.label("imageVersion"));
            ObjectNode n = JSON.createObjectNode();
            n.put("imageIdentifier", version.imageArn());
            n.put("imageVersion", version.version());
            n.put("state", version.state().name());
            return ok(200, n);
        });
        routes.add("GET", V + "/microvm-images/{imageIdentifier}/versions/{imageVersion}/builds", c -> {
            ListMicrovmImageBuildsRequest r = c.query(
                    ListMicrovmImageBuildsRequest.class,
                    "imageIdentifier",
                    "imageVersion",
                    "maxResults",
                    "nextToken",
                    "architecture",
                    "chipset",
                    "chipsetGeneration");
            return ok(200, Views.page(plane.images().builds(c.ctx(), r), b -> Views.build(b, false)));
        });
        routes.add(
                "GET",
                V + "/microvm-images/{imageIdentifier}/versions/{imageVersion}/builds/{buildId}",
                c -> ok(
                        200,
                        Views.build(
                                plane.images()
                                        .build(
                                                c.ctx(),
                                                c.label("imageIdentifier"),
                                                c.label("imageVersion"),
                                                c.label("buildId")),
                                true)));
        routes.add(
                "GET",
                V + "/managed-microvm-images",
                c -> ok(
                        200,
                        Views.page(
                                plane.managedImages().list(c.ctx(), c.intQuery("maxResults"), c.query("nextToken")),
                                Views::managedImage)));
        routes.add(
                "GET",
                V + "/managed-microvm-images/{imageIdentifier}/versions",
                c -> ok(
                        200,
                        Views.page(
                                plane.managedImages()
                                        .versions(
                                                c.ctx(),
                                                c.label("imageIdentifier"),
                                                c.intQuery("maxResults"),
                                                c.query("nextToken")),
                                Views::managedVersion)));
        routes.add(
                "POST",
                V + "/microvms",
                c -> ok(200, Views.microvm(plane.microvms().run(c.ctx(), c.body(RunMicrovmRequest.class)))));
        routes.add(
                "GET",
                V + "/microvms",
                c -> ok(
                        200,
                        Views.page(
                                plane.microvms()
                                        .list(
                                                c.ctx(),
                                                c.intQuery("maxResults"),
                                                c.query("nextToken"),
                                                c.query("imageIdentifier"),
                                                c.query("imageVersion")),
                                Views::microvmSummary)));
        routes.add(
                "GET",
                V + "/microvms/{microvmIdentifier}",
                c -> ok(200, Views.microvm(plane.microvms().get(c.ctx(), c.label("microvmIdentifier")))));
        routes.add("DELETE", V + "/microvms/{microvmIdentifier}", c -> {
            plane.microvms().terminate(c.ctx(), c.label("microvmIdentifier"));
            return ok(200, JSON.createObjectNode());
        });
        routes.add("POST", V + "/microvms/{microvmIdentifier}/suspend", c -> {
            plane.microvms().suspend(c.ctx(), c.label("microvmIdentifier"));
            return ok(200, JSON.createObjectNode());
        });
        routes.add("POST", V + "/microvms/{microvmIdentifier}/resume", c -> {
            plane.microvms().resume(c.ctx(), c.label("microvmIdentifier"));
            return ok(200, JSON.createObjectNode());
        });
        routes.add("POST", V + "/microvms/{microvmIdentifier}/auth-token", c -> {
            CreateMicrovmAuthTokenRequest r = c.body(CreateMicrovmAuthTokenRequest.class, "microvmIdentifier");
            return ok(
                    200,
                    Views.token(plane.microvms()
                            .authToken(c.ctx(), r.microvmIdentifier(), r.expirationInMinutes(), r.allowedPorts())));
        });
        routes.add("POST", V + "/microvms/{microvmIdentifier}/shell-auth-token", c -> {
            CreateMicrovmShellAuthTokenRequest r =
                    c.body(CreateMicrovmShellAuthTokenRequest.class, "microvmIdentifier");
            return ok(
                    200,
                    Views.token(
                            plane.microvms().shellAuthToken(c.ctx(), r.microvmIdentifier(), r.expirationInMinutes())));
        });
        routes.add(
                "GET",
                "2017-03-31/tags/{Resource}",
                c -> ok(200, Views.tags(plane.tags().list(c.ctx(), c.label("Resource")))));
        routes.add("POST", "2017-03-31/tags/{Resource}", c -> {
            JsonNode tags = c.json().get("Tags");
            plane.tags().tag(c.ctx(), c.label("Resource"), tags == null || tags.isNull() ? null : stringMap(tags));
            return HttpAnswer.empty(204);
        });
        routes.add("DELETE", "2017-03-31/tags/{Resource}", c -> {
            List<String> keys = c.call().query().get("tagKeys");
            plane.tags().untag(c.ctx(), c.label("Resource"), keys);
            return HttpAnswer.empty(204);
        });
    }

    private static HttpAnswer ok(int status, JsonNode body) {
        try {
            return HttpAnswer.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer", e);
        }
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            throw new BadRequest("Tags must be a JSON object of strings");
        }
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                throw new BadRequest("The value of tag '" + e.getKey() + "' must be a JSON string, not "
                        + e.getValue().getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
            }
            map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        });
        return map;
    }

    /** A request that cannot even be read: the service's SerializationException. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** One call, with what its route found in the path. */
    record Call(HttpCall call, Map<String, String> labels, RequestContext ctx) {
        String label(String name) {
            return Objects.requireNonNull(labels.get(name), name);
        }

        @Nullable
        String query(String name) {
            return call.queryParameter(name);
        }

        @Nullable
        Integer intQuery(String name) {
            String value = query(name);
            if (value == null) {
                return null;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw ApiExceptionOf.validation(name, value);
            }
        }

        ObjectNode json() {
            if (call.body().length == 0) {
                return JSON.createObjectNode();
            }
            try {
                JsonNode node = StrictJson.tree(call.body());
                if (node == null || !node.isObject()) {
                    throw new BadRequest("The request body must be a JSON object.");
                }
                return (ObjectNode) node;
            } catch (JsonProcessingException e) {
                throw new BadRequest("The request body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new BadRequest("The request body could not be read: " + e.getMessage());
            }
        }

        /** Reads the body into a request type, with the path's labels added as members. */
        <T> T body(Class<T> type, String... pathMembers) {
            ObjectNode node = json();
            for (String member : pathMembers) {
                node.put(member, label(member));
            }
            try {
                return StrictJson.value(node, type);
            } catch (JsonProcessingException e) {
                throw new BadRequest("Could not read the request: " + e.getOriginalMessage());
            }
        }

        /** Reads the labels and the query into a request type. */
        <T> T query(Class<T> type, String... members) {
            ObjectNode node = JSON.createObjectNode();
            for (String member : members) {
                String value = labels.containsKey(member) ? labels.get(member) : query(member);
                if (value != null) {
                    node.put(member, value);
                }
            }
            return convert(node, type);
        }

        private static <T> T convert(ObjectNode node, Class<T> type) {
            try {
                return JSON.treeToValue(node, type);
            } catch (JsonProcessingException e) {
                throw new BadRequest("Could not read the request: " + e.getOriginalMessage());
            }
        }
    }

    /** Validation errors for values the HTTP layer reads itself. */
    static final class ApiExceptionOf {
        private ApiExceptionOf() {}

        static ApiException validation(String member, String value) {
            return new ApiException(
                    ErrorType.VALIDATION,
                    "1 validation error detected: Value '" + value + "' at '" + member
                            + "' failed to satisfy constraint: Member must be a number");
        }
    }
}
