package dev.microvms.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a {@code microvm.yml} read as a tree, checked against the records it binds to before it is
 * bound, so that every unknown key and every value of the wrong kind is reported at once rather than the first
 * one only. Each bad entry is taken out of the tree, so that the rest still binds and its values can be checked
 * too; a single value where a list is expected becomes a list of one.
 */
final class ProjectFileShape {
    private final List<ProjectFileRules.Problem> problems = new ArrayList<>();

    private ProjectFileShape() {}

    /**
     * Checks a tree and takes its bad entries out.
     *
     * @param tree the file's top-level mapping, changed in place
     * @param type the record it binds to
     * @return the problems, by dotted path
     */
    static List<ProjectFileRules.Problem> check(ObjectNode tree, Class<? extends Record> type) {
        ProjectFileShape shape = new ProjectFileShape();
        shape.record(tree, type, "");
        return shape.problems;
    }

    private void record(ObjectNode node, Class<?> type, String path) {
        Map<String, Type> keys = keys(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String at = path.isEmpty() ? key : path + "." + key;
            Type expected = keys.get(key);
            if (expected == null) {
                problems.add(new ProjectFileRules.Problem(at, unknown(key, path, keys.keySet())));
                it.remove();
            } else if (!value(node, key, field.getValue(), expected, at)) {
                it.remove();
            }
        }
    }

    /** Checks one value; returns false when it is to be taken out. */
    private boolean value(ObjectNode parent, String key, JsonNode value, Type expected, String at) {
        if (value.isNull()) {
            return true;
        }
        Class<?> raw = raw(expected);
        if (raw == String.class) {
            return scalar(value, at, "text");
        }
        if (raw == Integer.class || raw == int.class) {
            boolean whole = value.isIntegralNumber()
                    || (value.isTextual() && value.asText().matches("-?\\d+"));
            return kind(whole, at, "a whole number", value);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            boolean bool =
                    value.isBoolean() || (value.isTextual() && value.asText().matches("true|false"));
            return kind(bool, at, "true or false", value);
        }
        if (List.class.isAssignableFrom(raw)) {
            if (value.isValueNode()) {
                // 'ingress: HTTP_INGRESS' reads as the list of one it obviously means.
                ArrayNode one = JsonNodeFactory.instance.arrayNode().add(value);
                parent.set(key, one);
                value = one;
            }
            if (!kind(value.isArray(), at, "a list, such as [A, B]", value)) {
                return false;
            }
            boolean good = true;
            for (int i = 0; i < value.size(); i++) {
                good &= scalar(value.get(i), at + "[" + i + "]", "text");
            }
            return good;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!kind(value.isObject(), at, "a section of 'NAME: value' lines", value)) {
                return false;
            }
            boolean good = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                good &= scalar(e.getValue(), at + "." + e.getKey(), "text");
            }
            return good;
        }
        if (raw.isRecord()) {
            if (!kind(value.isObject(), at, "a section of 'key: value' lines", value)) {
                return false;
            }
            record((ObjectNode) value, raw, at);
            return true;
        }
        return true;
    }

    private boolean scalar(JsonNode value, String at, String what) {
        return kind(value.isValueNode(), at, what, value);
    }

    private boolean kind(boolean ok, String at, String what, JsonNode value) {
        if (!ok) {
            problems.add(new ProjectFileRules.Problem(
                    at, "'" + at + "' must be " + what + ", not " + describe(value) + "."));
        }
        return ok;
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a section";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }

    private static String unknown(String key, String path, java.util.Set<String> known) {
        String where = path.isEmpty() ? " at the top level" : " in '" + path + "'";
        String near = closest(key, known);
        return "unknown key '" + key + "'" + where + (near == null ? "" : "; did you mean '" + near + "'?")
                + " Known keys there: " + known.stream().sorted().collect(Collectors.joining(", ")) + ".";
    }

    /** The known key nearest to a mistyped one: the same but for case, or at most two edits away. */
    static @Nullable String closest(String key, java.util.Collection<String> known) {
        String lower = key.toLowerCase(Locale.ROOT);
        return known.stream()
                .map(k -> Map.entry(
                        k, k.toLowerCase(Locale.ROOT).equals(lower) ? 0 : distance(lower, k.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= Math.min(2, Math.max(1, key.length() / 3)))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The keys of a record as YAML spells them, with their types. */
    private static Map<String, Type> keys(Class<?> type) {
        Map<String, Type> keys = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            JsonProperty renamed = c.getAnnotation(JsonProperty.class);
            if (renamed == null && c.getAccessor().getAnnotation(JsonProperty.class) != null) {
                renamed = c.getAccessor().getAnnotation(JsonProperty.class);
            }
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
            keys.put(name, c.getGenericType());
        }
        return keys;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
