package dev.microvms.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The service's model as its botocore JSON files state it: the operations with their HTTP bindings, every
 * shape with its members and constraints, the errors, and the paginators. Nothing here knows about Java.
 *
 * @param metadata the {@code metadata} section (API version, signing name, ...)
 * @param operations the operations, in the file's order
 * @param shapes every shape by name, in the file's order
 * @param paginators the paginators by operation name
 */
public record ServiceModel(
        Map<String, String> metadata,
        Map<String, Operation> operations,
        Map<String, Shape> shapes,
        Map<String, Paginator> paginators) {

    /**
     * An operation.
     *
     * @param name its name, such as {@code RunMicrovm}
     * @param method the HTTP method
     * @param requestUri the URI template, such as {@code /2025-09-09/microvms/{microvmIdentifier}}
     * @param responseCode the status of a success
     * @param input the input shape's name
     * @param output the output shape's name, or null when the operation answers nothing
     * @param errors the error shapes' names, in the model's order
     * @param idempotent whether the model marks it idempotent
     * @param readonly whether the model marks it read-only
     */
    public record Operation(
            String name,
            String method,
            String requestUri,
            int responseCode,
            String input,
            String output,
            List<String> errors,
            boolean idempotent,
            boolean readonly) {}

    /**
     * A member of a structure.
     *
     * @param name its name in the model, such as {@code Tags}
     * @param shape the target shape's name
     * @param location {@code uri}, {@code querystring}, {@code header}, or null for the JSON body
     * @param locationName the name on the wire where it differs from {@code name}, or null
     * @param idempotencyToken whether it is an idempotency token
     */
    public record Member(String name, String shape, String location, String locationName, boolean idempotencyToken) {

        /** @return the member's name on the wire */
        public String wireName() {
            return locationName != null ? locationName : name;
        }
    }

    /**
     * A shape.
     *
     * @param name its name
     * @param type {@code structure}, {@code string}, {@code integer}, {@code long}, {@code boolean},
     *     {@code timestamp}, {@code list} or {@code map}
     * @param members a structure's members, in the model's order
     * @param required a structure's required members
     * @param union whether a structure is a union
     * @param exception whether a structure is an error
     * @param httpStatus an error's HTTP status
     * @param fault whether an error is the service's fault (5xx) rather than the sender's
     * @param retryable whether an error is marked retryable
     * @param throttling whether a retryable error is throttling
     * @param enumValues a string's allowed values, empty for none
     * @param min the minimum length or value, or null
     * @param max the maximum length or value, or null
     * @param pattern a string's pattern, or null
     * @param sensitive whether values of the shape are sensitive
     * @param member a list's element shape
     * @param key a map's key shape
     * @param value a map's value shape
     */
    public record Shape(
            String name,
            String type,
            Map<String, Member> members,
            Set<String> required,
            boolean union,
            boolean exception,
            int httpStatus,
            boolean fault,
            boolean retryable,
            boolean throttling,
            List<String> enumValues,
            Long min,
            Long max,
            String pattern,
            boolean sensitive,
            String member,
            String key,
            String value) {

        /** @return whether the shape is a string with an enum */
        public boolean isEnum() {
            return type.equals("string") && !enumValues.isEmpty();
        }

        /** @return whether the shape is a structure that is neither a union nor an error */
        public boolean isStructure() {
            return type.equals("structure") && !union && !exception;
        }
    }

    /**
     * A paginator.
     *
     * @param operation the operation it pages
     * @param inputToken the input member that carries the token
     * @param outputToken the output member that carries the next token
     * @param limitKey the input member that sets the page size
     * @param resultKey the output member that holds the items
     */
    public record Paginator(
            String operation, String inputToken, String outputToken, String limitKey, String resultKey) {}

    /**
     * Reads the model from a directory holding the service file and its paginators.
     *
     * @param directory the directory, such as {@code microvms-model/src/main/model}
     * @return the model
     */
    public static ServiceModel read(Path directory) {
        try {
            ObjectMapper json = new ObjectMapper();
            Path service = only(directory, "lambda-microvms-");
            Path paginators = only(directory, "paginators-");
            return parse(json.readTree(service.toFile()), json.readTree(paginators.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model in " + directory, e);
        }
    }

    private static Path only(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".json"))
                    .toList();
            if (found.size() != 1) {
                throw new IllegalStateException(
                        "expected one " + prefix + "*.json in " + directory + ", found " + found.size());
            }
            return found.get(0);
        }
    }

    static ServiceModel parse(JsonNode service, JsonNode paginatorFile) {
        Map<String, String> metadata = new LinkedHashMap<>();
        service.path("metadata").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                metadata.put(e.getKey(), e.getValue().asText());
            }
        });
        Map<String, Operation> operations = new LinkedHashMap<>();
        service.path("operations").fields().forEachRemaining(e -> operations.put(e.getKey(), operation(e.getValue())));
        Map<String, Shape> shapes = new LinkedHashMap<>();
        service.path("shapes").fields().forEachRemaining(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
        Map<String, Paginator> paginators = new LinkedHashMap<>();
        paginatorFile.path("pagination").fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            paginators.put(
                    e.getKey(),
                    new Paginator(
                            e.getKey(),
                            p.path("input_token").asText(),
                            p.path("output_token").asText(),
                            p.path("limit_key").asText(null),
                            p.path("result_key").asText()));
        });
        ServiceModel model = new ServiceModel(
                Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(operations),
                Collections.unmodifiableMap(shapes),
                Collections.unmodifiableMap(paginators));
        model.checkReferences();
        return model;
    }

    private static Operation operation(JsonNode op) {
        List<String> errors = new ArrayList<>();
        op.path("errors").forEach(e -> errors.add(e.path("shape").asText()));
        return new Operation(
                op.path("name").asText(),
                op.path("http").path("method").asText(),
                op.path("http").path("requestUri").asText(),
                op.path("http").path("responseCode").asInt(200),
                op.path("input").path("shape").asText(null),
                op.path("output").path("shape").asText(null),
                List.copyOf(errors),
                op.path("idempotent").asBoolean(false),
                op.path("readonly").asBoolean(false));
    }

    private static Shape shape(String name, JsonNode s) {
        Map<String, Member> members = new LinkedHashMap<>();
        s.path("members").fields().forEachRemaining(e -> {
            JsonNode m = e.getValue();
            members.put(
                    e.getKey(),
                    new Member(
                            e.getKey(),
                            m.path("shape").asText(),
                            m.path("location").asText(null),
                            m.path("locationName").asText(null),
                            m.path("idempotencyToken").asBoolean(false)));
        });
        Set<String> required = new TreeSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        List<String> enums = new ArrayList<>();
        s.path("enum").forEach(v -> enums.add(v.asText()));
        return new Shape(
                name,
                s.path("type").asText(),
                Collections.unmodifiableMap(members),
                Collections.unmodifiableSet(required),
                s.path("union").asBoolean(false),
                s.path("exception").asBoolean(false),
                s.path("error").path("httpStatusCode").asInt(0),
                s.path("fault").asBoolean(false),
                s.has("retryable"),
                s.path("retryable").path("throttling").asBoolean(false),
                List.copyOf(enums),
                s.has("min") ? s.get("min").asLong() : null,
                s.has("max") ? s.get("max").asLong() : null,
                s.path("pattern").asText(null),
                s.path("sensitive").asBoolean(false),
                s.path("member").path("shape").asText(null),
                s.path("key").path("shape").asText(null),
                s.path("value").path("shape").asText(null));
    }

    /** Fails at once on a reference to a shape the model does not have, rather than in the middle of writing. */
    private void checkReferences() {
        for (Operation op : operations.values()) {
            shape(op.input());
            if (op.output() != null) {
                shape(op.output());
            }
            op.errors().forEach(this::shape);
        }
        for (Shape s : shapes.values()) {
            s.members().values().forEach(m -> shape(m.shape()));
            for (String required : s.required()) {
                if (!s.members().containsKey(required)) {
                    throw new IllegalStateException(
                            "shape " + s.name() + " requires member " + required + ", which it does not have");
                }
            }
            for (String ref : new String[] {s.member(), s.key(), s.value()}) {
                if (ref != null) {
                    shape(ref);
                }
            }
        }
        paginators.keySet().forEach(op -> {
            if (!operations.containsKey(op)) {
                throw new IllegalStateException("a paginator pages " + op + ", which the model does not have");
            }
        });
    }

    /**
     * Returns a shape.
     *
     * @param name the shape's name
     * @return the shape
     * @throws IllegalStateException when the model has no such shape
     */
    public Shape shape(String name) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw new IllegalStateException("the model refers to shape " + name + ", which it does not define");
        }
        return s;
    }
}
