package dev.microvms.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmShellAuthTokenRequest;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.DeleteMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.ResumeMicrovmRequest;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.SuspendMicrovmRequest;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import dev.microvms.model.UntagResourceRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import dev.microvms.model.json.WireJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Requests for the fuzz test, built from the model's request types: every member of the operation's
 * request record, with values near and past the model's constraints, then mutated (members dropped or of
 * the wrong type, bytes cut, flipped or added), sent to the operation's route with random labels, query
 * parameters and headers.
 */
final class FuzzRequests {
    /** One operation of the API: its route and its request type. */
    record Operation(String method, String template, Class<? extends Record> request) {
        boolean hasBody() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        }
    }

    /** The 24 operations, as the service's model routes them. */
    static final List<Operation> OPERATIONS = List.of(
            new Operation("POST", "/2025-09-09/microvm-images", CreateMicrovmImageRequest.class),
            new Operation("GET", "/2025-09-09/microvm-images", ListMicrovmImagesRequest.class),
            new Operation("GET", "/2025-09-09/microvm-images/{imageIdentifier}", GetMicrovmImageRequest.class),
            new Operation("PUT", "/2025-09-09/microvm-images/{imageIdentifier}", UpdateMicrovmImageRequest.class),
            new Operation("DELETE", "/2025-09-09/microvm-images/{imageIdentifier}", DeleteMicrovmImageRequest.class),
            new Operation(
                    "GET",
                    "/2025-09-09/microvm-images/{imageIdentifier}/versions",
                    ListMicrovmImageVersionsRequest.class),
            new Operation(
                    "GET",
                    "/2025-09-09/microvm-images/{imageIdentifier}/versions/{imageVersion}",
                    GetMicrovmImageVersionRequest.class),
            new Operation(
                    "PATCH",
                    "/2025-09-09/microvm-images/{imageIdentifier}/versions/{imageVersion}",
                    UpdateMicrovmImageVersionRequest.class),
            new Operation(
                    "DELETE",
                    "/2025-09-09/microvm-images/{imageIdentifier}/versions/{imageVersion}",
                    DeleteMicrovmImageVersionRequest.class),
            new Operation(
                    "GET",
                    "/2025-09-09/microvm-images/{imageIdentifier}/versions/{imageVersion}/builds",
                    ListMicrovmImageBuildsRequest.class),
            new Operation(
                    "GET",
                    "/2025-09-09/microvm-images/{imageIdentifier}/versions/{imageVersion}/builds/{buildId}",
                    GetMicrovmImageBuildRequest.class),
            new Operation("GET", "/2025-09-09/managed-microvm-images", ListManagedMicrovmImagesRequest.class),
            new Operation(
                    "GET",
                    "/2025-09-09/managed-microvm-images/{imageIdentifier}/versions",
                    ListManagedMicrovmImageVersionsRequest.class),
            new Operation("POST", "/2025-09-09/microvms", RunMicrovmRequest.class),
            new Operation("GET", "/2025-09-09/microvms", ListMicrovmsRequest.class),
            new Operation("GET", "/2025-09-09/microvms/{microvmIdentifier}", GetMicrovmRequest.class),
            new Operation("DELETE", "/2025-09-09/microvms/{microvmIdentifier}", TerminateMicrovmRequest.class),
            new Operation("POST", "/2025-09-09/microvms/{microvmIdentifier}/suspend", SuspendMicrovmRequest.class),
            new Operation("POST", "/2025-09-09/microvms/{microvmIdentifier}/resume", ResumeMicrovmRequest.class),
            new Operation(
                    "POST", "/2025-09-09/microvms/{microvmIdentifier}/auth-token", CreateMicrovmAuthTokenRequest.class),
            new Operation(
                    "POST",
                    "/2025-09-09/microvms/{microvmIdentifier}/shell-auth-token",
                    CreateMicrovmShellAuthTokenRequest.class),
            new Operation("GET", "/2017-03-31/tags/{Resource}", ListTagsRequest.class),
            new Operation("POST", "/2017-03-31/tags/{Resource}", TagResourceRequest.class),
            new Operation("DELETE", "/2017-03-31/tags/{Resource}", UntagResourceRequest.class));

    /** A request ready to send, and how to describe it in a failure. */
    record Request(String method, String target, Map<String, String> headers, byte[] body, String what) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] NASTY = {
        "",
        " ",
        "\u0000",
        "a\u0000b",
        "héllo",
        "\uD83D\uDE00",
        "\uD800",
        "../../etc/passwd",
        "%00",
        "%zz",
        "null",
        "123",
        "-1",
        "{",
        "\"",
        "<html>",
        "arn:",
        "arn:::::",
        "1.0",
        "\t\n"
    };

    private final Random random;
    private final String imageArn;
    private final String microvmId;

    /**
     * @param random the source of every choice, seeded by the test
     * @param imageArn an image that exists, so that some calls go deep
     * @param microvmId a MicroVM that exists
     */
    FuzzRequests(Random random, String imageArn, String microvmId) {
        this.random = random;
        this.imageArn = imageArn;
        this.microvmId = microvmId;
    }

    /** @return the next request: an operation of the model, its body and path filled and mutated */
    Request next() {
        Operation op = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
        ObjectNode members = object(op.request(), 0);
        Map<String, String> labels = new LinkedHashMap<>();
        StringBuilder path = new StringBuilder();
        for (String part : op.template().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append('/');
            if (part.startsWith("{")) {
                String label = part.substring(1, part.length() - 1);
                members.remove(label);
                String value = label(label);
                labels.put(label, value);
                path.append(chance(5) ? value : URLEncoder.encode(value, StandardCharsets.UTF_8));
            } else {
                path.append(part);
            }
        }
        byte[] body = new byte[0];
        String query = "";
        if (op.hasBody()) {
            if (op.request() == TagResourceRequest.class && members.has("tags")) {
                members.set("Tags", members.remove("tags"));
            }
            mutate(members);
            body = bytes(members);
        } else {
            mutate(members);
            query = query(members);
        }
        if (chance(3)) {
            query = (query.isEmpty() ? "?" : query + "&") + "x=" + URLEncoder.encode(nasty(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = headers();
        return new Request(
                chance(2) ? randomMethod() : op.method(),
                path + query,
                headers,
                body,
                op.method() + " " + op.template() + " labels=" + labels + " headers=" + headers + " body="
                        + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
    }

    // --- values from the model's types ------------------------------------------------------------------

    private ObjectNode object(Class<?> type, int depth) {
        ObjectNode node = NODES.objectNode();
        for (RecordComponent c : type.getRecordComponents()) {
            if (chance(30)) {
                continue; // absent
            }
            node.set(c.getName(), value(c.getGenericType(), c.getName(), depth + 1));
        }
        return node;
    }

    private JsonNode value(Type type, String member, int depth) {
        if (depth > 6) {
            return NODES.nullNode();
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                ArrayNode array = NODES.arrayNode();
                int n = chance(10) ? 40 + random.nextInt(80) : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.add(value(args[0], member, depth + 1));
                }
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = NODES.objectNode();
                int n = chance(10) ? 45 + random.nextInt(20) : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    map.set(string("key"), value(args[1], member, depth + 1));
                }
                return map;
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return NODES.textNode(string(member));
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return NODES.numberNode(number());
        }
        if (c == Boolean.class || c == boolean.class) {
            return NODES.booleanNode(random.nextBoolean());
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return NODES.numberNode(random.nextGaussian() * 1000);
        }
        if (c == Instant.class) {
            return NODES.numberNode(random.nextInt());
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return NODES.textNode(
                    chance(10) ? nasty() : ((Enum<?>) constants[random.nextInt(constants.length - 1)]).name());
        }
        if (c.isRecord()) {
            return object(c, depth);
        }
        if (c.isSealed()) {
            return union(c, depth);
        }
        return NODES.nullNode();
    }

    /** A union: one member set, named after the record that holds it, as WireJson writes them. */
    private JsonNode union(Class<?> sealed, int depth) {
        List<Class<?>> members = new ArrayList<>();
        for (Class<?> p : sealed.getPermittedSubclasses()) {
            if (!p.getSimpleName().equals("Unknown")) {
                members.add(p);
            }
        }
        Class<?> chosen = members.get(random.nextInt(members.size()));
        ObjectNode node = NODES.objectNode();
        RecordComponent[] components = chosen.getRecordComponents();
        if (components.length == 0) {
            String name = chosen.getSimpleName();
            node.set(Character.toLowerCase(name.charAt(0)) + name.substring(1), NODES.objectNode());
        } else {
            node.set(components[0].getName(), value(components[0].getGenericType(), components[0].getName(), depth));
        }
        if (chance(10)) {
            node.set("port", NODES.numberNode(number())); // two members set at once
        }
        return node;
    }

    private String string(String member) {
        if (chance(25)) {
            return nasty();
        }
        String m = member.toLowerCase(Locale.ROOT);
        if (m.contains("connector")) {
            return "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:"
                    + pick("HTTP_INGRESS", "SHELL_INGRESS", "ALL_INGRESS", "NO_INGRESS", "INTERNET_EGRESS", "X");
        }
        if (m.contains("baseimage") && m.contains("arn")) {
            return EmulatorApiIT.BASE;
        }
        if (m.contains("role")) {
            return EmulatorApiIT.ROLE;
        }
        if (m.contains("identifier") || m.endsWith("arn") || m.equals("resource")) {
            return pick(imageArn, "fuzz", "arn:aws:lambda:us-east-1:000000000000:microvm-image:" + word(8), microvmId);
        }
        if (m.contains("version")) {
            return pick("1.0", "2.0", "0", "1", "99.0");
        }
        if (m.equals("uri")) {
            return pick("s3://artifacts/app.zip", "file:///etc/passwd", "http://127.0.0.1:1/x", "s3://", "::::");
        }
        if (m.equals("name")) {
            return word(1 + random.nextInt(70));
        }
        if (m.contains("token")) {
            return UUID.randomUUID().toString();
        }
        return word(random.nextInt(chance(5) ? 5000 : 40));
    }

    private String label(String label) {
        if (chance(15)) {
            return nasty();
        }
        switch (label) {
            case "imageIdentifier":
            case "Resource":
                return pick(
                        imageArn, "fuzz", "arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1", word(300), word(6));
            case "imageVersion":
                return pick("1.0", "2.0", "0", "abc");
            case "microvmIdentifier":
                return pick(microvmId, "microvm-" + UUID.randomUUID(), word(12), word(257));
            default:
                return pick(UUID.randomUUID().toString(), word(10));
        }
    }

    private long number() {
        switch (random.nextInt(8)) {
            case 0:
                return -1;
            case 1:
                return 0;
            case 2:
                return Integer.MAX_VALUE;
            case 3:
                return Long.MIN_VALUE;
            case 4:
                return pick(512L, 1024L, 2048L, 4096L, 8192L, 3000L);
            case 5:
                return pick(1L, 60L, 600L, 28800L, 28801L, 65535L, 65536L);
            default:
                return random.nextInt(100_000) - 50_000;
        }
    }

    // --- mutations --------------------------------------------------------------------------------------

    private void mutate(ObjectNode members) {
        int mutations = chance(40) ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            List<String> names = new ArrayList<>();
            members.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() ? "extra" : names.get(random.nextInt(names.size()));
            switch (random.nextInt(5)) {
                case 0:
                    members.remove(name);
                    break;
                case 1:
                    members.set(name, wrongType());
                    break;
                case 2:
                    members.set(word(6), wrongType());
                    break;
                case 3:
                    members.set(name, NODES.textNode("x".repeat(random.nextInt(chance(20) ? 100_000 : 5_000))));
                    break;
                default:
                    members.set(name, nested(1 + random.nextInt(chance(10) ? 900 : 20)));
            }
        }
    }

    private JsonNode wrongType() {
        switch (random.nextInt(7)) {
            case 0:
                return NODES.numberNode(number());
            case 1:
                return NODES.booleanNode(true);
            case 2:
                return NODES.nullNode();
            case 3:
                return NODES.arrayNode().add(nasty());
            case 4:
                return NODES.objectNode().put(nasty(), nasty());
            case 5:
                return NODES.numberNode(random.nextDouble() * 1e20);
            default:
                return NODES.textNode(nasty());
        }
    }

    private JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean()
                    ? NODES.arrayNode().add(node)
                    : NODES.objectNode().set("n", node);
        }
        return node;
    }

    private byte[] bytes(ObjectNode members) {
        byte[] json;
        try {
            json = WireJson.mapper().writeValueAsBytes(members);
        } catch (Exception e) {
            json = "{}".getBytes(StandardCharsets.UTF_8);
        }
        if (!chance(30)) {
            return json;
        }
        switch (random.nextInt(10)) {
            case 0:
                return java.util.Arrays.copyOf(json, random.nextInt(json.length + 1));
            case 1:
                json[random.nextInt(json.length)] ^= (byte) (1 << random.nextInt(8));
                return json;
            case 2:
                return concat(json, " trailing".getBytes(StandardCharsets.UTF_8));
            case 3:
                return concat(json, json);
            case 4:
                byte[] noise = new byte[random.nextInt(2000)];
                random.nextBytes(noise);
                return noise;
            case 5:
                return pick("", "null", "[]", "\"x\"", "1", "{", "}", "{\"a\":}", "{}{}")
                        .getBytes(StandardCharsets.UTF_8);
            case 6:
                return chance(50)
                        ? new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}
                        : ("{\"name\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
            case 7:
                String duplicated = new String(json, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"name\":1,");
                return duplicated.getBytes(StandardCharsets.UTF_8);
            case 8:
                // Near and past the API's body limit; rarer, as they cost time to send.
                return chance(20)
                        ? concat(" ".repeat(chance(50) ? 1_500_000 : 3_000_000).getBytes(StandardCharsets.UTF_8), json)
                        : json;
            default:
                return new String(json, StandardCharsets.UTF_8)
                        .replace("\"", "'")
                        .getBytes(StandardCharsets.UTF_8);
        }
    }

    private String query(ObjectNode members) {
        StringBuilder q = new StringBuilder();
        members.fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
            } else {
                values.add(
                        e.getValue().isTextual()
                                ? e.getValue().asText()
                                : e.getValue().toString());
            }
            for (String v : values) {
                q.append(q.length() == 0 ? '?' : '&')
                        .append(e.getKey())
                        .append('=')
                        .append(chance(5) ? v : URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!chance(10)) {
            headers.put(
                    "Content-Type",
                    pick("application/json", "application/json", "text/plain", "application/x-amz-json-1.1", nasty()));
        }
        if (chance(20)) {
            headers.put(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20260101/"
                            + pick("us-east-1", "eu-west-1", "xx-fake-9")
                            + "/" + pick("lambda", "lambda", "microvms", "s3") + "/aws4_request, SignedHeaders=host,"
                            + " Signature=" + word(64));
        }
        if (chance(5)) {
            headers.put("Authorization", nasty());
        }
        if (chance(5)) {
            headers.put("Content-Encoding", pick("gzip", "aws-chunked", "identity", nasty()));
        }
        if (chance(5)) {
            headers.put("X-Amz-Content-Sha256", pick("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "UNSIGNED-PAYLOAD"));
        }
        if (chance(5)) {
            headers.put("Host", pick("bucket.localhost", "..localhost", "x", "[::1]:1"));
        }
        headers.values().removeIf(v -> v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\u0000') >= 0);
        return headers;
    }

    private String randomMethod() {
        return pick("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO");
    }

    // --- choices ----------------------------------------------------------------------------------------

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String nasty() {
        return NASTY[random.nextInt(NASTY.length)];
    }

    private String word(int length) {
        StringBuilder s = new StringBuilder(length);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
