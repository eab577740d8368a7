package dev.microvms.model.schema;

import dev.microvms.model.schema.Violation.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks a value of the model against the constraints the model states: required members, lengths (of
 * strings in Unicode code points, of lists and maps in elements), ranges, patterns (which the whole string
 * must match) and enum values, all the way down.
 *
 * <pre>{@code
 * List<Violation> violations = Validator.validate(request);
 * if (!violations.isEmpty()) {
 *     throw new ValidationException(Violation.summary(violations));
 * }
 * }</pre>
 *
 * <p>It reports what the model says, nothing more: rules the service enforces beyond its model (such as
 * the memory classes a MicroVM may ask for) are for the caller.
 */
public final class Validator {
    private Validator() {}

    /**
     * Checks a structure or union of the model.
     *
     * @param value the value, such as a request
     * @return the violations, in the order of the members; empty when the value is valid
     * @throws IllegalArgumentException when the value is not a type of the model
     */
    public static List<Violation> validate(Object value) {
        Shape shape = Shapes.of(value.getClass());
        if (shape == null) {
            throw new IllegalArgumentException(value.getClass().getName() + " is not a type of the model");
        }
        return validate(value, shape);
    }

    /**
     * Checks a value against a shape.
     *
     * @param value the value, of the shape's Java type (a {@code String} for a string shape, a {@code
     *     List} for a list, ...)
     * @param shape the shape
     * @return the violations; empty when the value is valid
     */
    public static List<Violation> validate(Object value, Shape shape) {
        List<Violation> found = new ArrayList<>(0);
        check("", value, shape, found);
        return found;
    }

    private static void check(String path, Object value, Shape shape, List<Violation> found) {
        switch (shape.type()) {
            case STRING -> string(path, value, shape, found);
            case INTEGER, LONG -> number(path, value, shape, found);
            case LIST -> list(path, value, shape, found);
            case MAP -> map(path, value, shape, found);
            case STRUCTURE -> structure(path, value, shape, found);
            case UNION -> union(path, value, shape, found);
            case BOOLEAN, TIMESTAMP -> {
                // No constraints in the model.
            }
        }
    }

    private static void structure(String path, Object value, Shape shape, List<Violation> found) {
        for (MemberShape m : shape.members()) {
            Object member = m.get(value);
            String at = path.isEmpty() ? m.name() : path + "." + m.name();
            if (member == null) {
                if (m.required()) {
                    found.add(new Violation(
                            at, null, false, Kind.REQUIRED, m.targetShape(), null, null, "Member must not be null"));
                }
            } else {
                check(at, member, m.targetShape(), found);
            }
        }
    }

    private static void union(String path, Object value, Shape shape, List<Violation> found) {
        for (MemberShape m : shape.members()) {
            Object member = m.get(value);
            if (member != null) {
                check(path.isEmpty() ? m.name() : path + "." + m.name(), member, m.targetShape(), found);
                return;
            }
        }
        found.add(new Violation(
                path,
                value,
                false,
                Kind.UNION,
                shape,
                null,
                null,
                "Member must have exactly one of its members set: "
                        + shape.members().stream().map(MemberShape::name).toList()));
    }

    private static void string(String path, Object value, Shape shape, List<Violation> found) {
        String text = value instanceof Enum<?> e ? e.name() : value.toString();
        if (shape.isEnum()) {
            if (!shape.enumValues().contains(text)) {
                found.add(new Violation(
                        path,
                        value,
                        shape.sensitive(),
                        Kind.ENUM,
                        shape,
                        null,
                        null,
                        "Member must satisfy enum value set: " + shape.enumValues()));
            }
            return;
        }
        long length = text.codePointCount(0, text.length());
        length(path, value, shape, length, found);
        if (shape.compiledPattern() != null
                && !shape.compiledPattern().matcher(text).matches()) {
            found.add(new Violation(
                    path,
                    value,
                    shape.sensitive(),
                    Kind.PATTERN,
                    shape,
                    null,
                    null,
                    "Member must satisfy regular expression pattern: " + shape.pattern()));
        }
    }

    private static void length(String path, Object value, Shape shape, long length, List<Violation> found) {
        if (shape.min() != null && length < shape.min()) {
            found.add(new Violation(
                    path,
                    value,
                    shape.sensitive(),
                    Kind.MIN_LENGTH,
                    shape,
                    shape.min(),
                    length,
                    "Member must have length greater than or equal to " + shape.min()));
        }
        if (shape.max() != null && length > shape.max()) {
            found.add(new Violation(
                    path,
                    value,
                    shape.sensitive(),
                    Kind.MAX_LENGTH,
                    shape,
                    shape.max(),
                    length,
                    "Member must have length less than or equal to " + shape.max()));
        }
    }

    private static void number(String path, Object value, Shape shape, List<Violation> found) {
        long number = ((Number) value).longValue();
        if (shape.min() != null && number < shape.min()) {
            found.add(new Violation(
                    path,
                    value,
                    shape.sensitive(),
                    Kind.MIN_VALUE,
                    shape,
                    shape.min(),
                    number,
                    "Member must have value greater than or equal to " + shape.min()));
        }
        if (shape.max() != null && number > shape.max()) {
            found.add(new Violation(
                    path,
                    value,
                    shape.sensitive(),
                    Kind.MAX_VALUE,
                    shape,
                    shape.max(),
                    number,
                    "Member must have value less than or equal to " + shape.max()));
        }
    }

    private static void list(String path, Object value, Shape shape, List<Violation> found) {
        List<?> list = (List<?>) value;
        length(path, value, shape, list.size(), found);
        Shape element = element(shape.listMember());
        if (element == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item != null) {
                check(path + "." + (i + 1) + ".member", item, element, found);
            }
        }
    }

    private static void map(String path, Object value, Shape shape, List<Violation> found) {
        Map<?, ?> map = (Map<?, ?>) value;
        length(path, value, shape, map.size(), found);
        Shape key = element(shape.mapKey());
        Shape val = element(shape.mapValue());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (key != null && entry.getKey() != null) {
                entries(path, entry.getKey(), key, "Map keys", found);
            }
            if (val != null && entry.getValue() != null) {
                entries(path, entry.getValue(), val, "Map values", found);
            }
        }
    }

    /** A key or value of a map: its violations are reported at the map, as the service reports them. */
    private static void entries(String path, Object value, Shape shape, String what, List<Violation> found) {
        List<Violation> inner = new ArrayList<>(0);
        check(path, value, shape, inner);
        for (Violation v : inner) {
            found.add(new Violation(
                    path,
                    v.value(),
                    v.sensitive(),
                    v.kind(),
                    v.shape(),
                    v.limit(),
                    v.actual(),
                    what + " must satisfy constraint: [" + v.requirement() + "]"));
        }
    }

    private static @Nullable Shape element(@Nullable String name) {
        return name == null ? null : Shapes.named(name);
    }
}
