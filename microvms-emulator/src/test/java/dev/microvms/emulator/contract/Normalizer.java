package dev.microvms.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Redacts, on both sides, what differs between any two runs (the recordings' README): account ids,
 * regions, UUIDs, timestamps, tokens and measured sizes.
 */
final class Normalizer {
    private static final Set<String> TIMESTAMPS = Set.of("createdAt", "updatedAt", "startedAt", "terminatedAt");
    private static final Set<String> MEASURED =
            Set.of("memorySnapshotSizeInBytes", "codeInstallSizeInBytes", "diskSnapshotSizeInBytes");

    private Normalizer() {}

    static JsonNode normalize(JsonNode node) {
        return normalize(null, node);
    }

    private static JsonNode normalize(String field, JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), normalize(e.getKey(), e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            node.forEach(item -> out.add(normalize(field, item)));
            return out;
        }
        if (node.isNull()) {
            return node;
        }
        if (field != null && TIMESTAMPS.contains(field)) {
            return f.textNode("TIMESTAMP");
        }
        if (field != null && MEASURED.contains(field)) {
            return f.textNode("SIZE");
        }
        if (field != null && field.equals("X-aws-proxy-auth")) {
            return f.textNode("TOKEN");
        }
        if (field != null && field.equals("id")) {
            return f.textNode("UUID");
        }
        if (field != null && field.equals("endpoint")) {
            // A divergence kept on purpose: the emulator's endpoints are 127.0.0.1 ports, not host names.
            return f.textNode("ENDPOINT");
        }
        if (node.isTextual()) {
            return f.textNode(text(field, node.asText()));
        }
        return node;
    }

    static String text(String field, String s) {
        if ("versionStateTimeBucket".equals(field)) {
            return s.replaceAll("#.*$", "#BUCKET");
        }
        return s.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
                .replaceAll("(?<![0-9])\\d{12}(?![0-9])", "ACCOUNT")
                .replaceAll(
                        "\\b(us|eu|ap|sa|ca|me|af|il)-(east|west|north|south|central|northeast|southeast)-\\d\\b",
                        "REGION");
    }
}
