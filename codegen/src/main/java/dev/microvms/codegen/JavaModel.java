package dev.microvms.codegen;

import dev.microvms.codegen.ServiceModel.Member;
import dev.microvms.codegen.ServiceModel.Operation;
import dev.microvms.codegen.ServiceModel.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model seen from Java: which shapes become types and under which names, and each member's Java name
 * and type. Operation inputs and outputs are named after their operation ({@code RunMicrovmRequest},
 * {@code RunMicrovmResponse}), as the AWS SDK for Java names them; other shapes keep their model names
 * unless the customization renames them. Members are the model's names with a lower-case first letter
 * ({@code Tags} is {@code tags}); the wire keeps the model's.
 */
public final class JavaModel {
    private final ServiceModel model;
    private final Customization custom;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> outputlessResponses = new LinkedHashMap<>();

    /**
     * @param model the service model
     * @param custom the customization
     */
    public JavaModel(ServiceModel model, Customization custom) {
        this.model = model;
        this.custom = custom;
        nameTypes();
    }

    /** @return the service model */
    public ServiceModel model() {
        return model;
    }

    /** @return the customization */
    public Customization custom() {
        return custom;
    }

    private void nameTypes() {
        Map<String, String> byJavaName = new HashMap<>();
        for (Operation op : model.operations().values()) {
            name(op.input(), op.name() + "Request", byJavaName);
            if (op.output() != null) {
                name(op.output(), op.name() + "Response", byJavaName);
            } else {
                outputlessResponses.put(op.name(), op.name() + "Response");
            }
        }
        for (String shape : reachable()) {
            Shape s = model.shape(shape);
            if (!names.containsKey(shape) && (s.type().equals("structure") || s.isEnum()) && !isEmptyUnionMember(s)) {
                name(shape, custom.renames().getOrDefault(shape, shape), byJavaName);
            }
        }
        custom.renames().keySet().forEach(model::shape);
    }

    private void name(String shape, String javaName, Map<String, String> byJavaName) {
        String previous = names.putIfAbsent(shape, javaName);
        if (previous != null && !previous.equals(javaName)) {
            throw new IllegalStateException(
                    "shape " + shape + " would be both " + previous + " and " + javaName + " in Java");
        }
        String other = byJavaName.putIfAbsent(javaName, shape);
        if (other != null && !other.equals(shape)) {
            throw new IllegalStateException("shapes " + other + " and " + shape + " would both be " + javaName);
        }
    }

    /** Every shape the operations' inputs and outputs reach, errors left out. */
    private Set<String> reachable() {
        List<String> roots = new ArrayList<>();
        for (Operation op : model.operations().values()) {
            roots.add(op.input());
            if (op.output() != null) {
                roots.add(op.output());
            }
        }
        return reachable(roots);
    }

    /** @return every shape the operations' inputs and outputs reach, errors left out */
    public Set<String> allShapes() {
        return reachable();
    }

    /** @return every shape the operations' inputs reach: those whose constraints a caller can break */
    public Set<String> inputShapes() {
        return reachable(
                model.operations().values().stream().map(Operation::input).toList());
    }

    private Set<String> reachable(List<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            Shape s = model.shape(name);
            s.members().values().forEach(m -> todo.add(m.shape()));
            for (String ref : new String[] {s.member(), s.key(), s.value()}) {
                if (ref != null) {
                    todo.add(ref);
                }
            }
        }
        return seen;
    }

    /**
     * Tells whether a shape is an empty structure that only stands for a union member set to nothing (such
     * as {@code {"disabled":{}}}); it gets no type of its own.
     */
    boolean isEmptyUnionMember(Shape s) {
        return s.type().equals("structure") && s.members().isEmpty() && !isOperationShape(s.name());
    }

    private boolean isOperationShape(String shape) {
        return model.operations().values().stream()
                .anyMatch(op -> shape.equals(op.input()) || shape.equals(op.output()));
    }

    /** @return the model shapes that become Java types, by model name, with their Java names */
    public Map<String, String> typeNames() {
        return names;
    }

    /** @return the empty responses of operations the model gives no output, by operation name */
    public Map<String, String> outputlessResponses() {
        return outputlessResponses;
    }

    /**
     * Returns the Java type name of a shape that becomes a type.
     *
     * @param shape the model shape's name
     * @return the Java name
     */
    public String typeName(String shape) {
        String name = names.get(shape);
        if (name == null) {
            throw new IllegalStateException("shape " + shape + " has no Java type");
        }
        return name;
    }

    /** @return the Java name of an operation's request type */
    public String requestType(Operation op) {
        return typeName(op.input());
    }

    /** @return the Java name of an operation's response type */
    public String responseType(Operation op) {
        return op.output() != null ? typeName(op.output()) : outputlessResponses.get(op.name());
    }

    /**
     * Returns the Java type of a member targeting a shape, such as {@code List<CpuConfiguration>}.
     *
     * @param shape the target shape's name
     * @return the type as written in source
     */
    public String javaType(String shape) {
        Shape s = model.shape(shape);
        return switch (s.type()) {
            case "string" -> s.isEnum() ? typeName(shape) : "String";
            case "integer" -> "Integer";
            case "long" -> "Long";
            case "boolean" -> "Boolean";
            case "timestamp" -> "Instant";
            case "list" -> "List<" + javaType(s.member()) + ">";
            case "map" -> "Map<" + javaType(s.key()) + ", " + javaType(s.value()) + ">";
            case "structure" -> typeName(shape);
            default -> throw new IllegalStateException("shape " + shape + " has type " + s.type() + ", not supported");
        };
    }

    /**
     * Returns the Java type of a union member's value: primitives where the model has numbers or booleans,
     * since a union member that is set is never null.
     *
     * @param shape the target shape's name
     * @return the type as written in source
     */
    public String unionMemberType(String shape) {
        return switch (model.shape(shape).type()) {
            case "integer" -> "int";
            case "long" -> "long";
            case "boolean" -> "boolean";
            default -> javaType(shape);
        };
    }

    /**
     * A member of a structure, seen from Java.
     *
     * @param name the Java name
     * @param model the model's member
     * @param target the target shape
     * @param type the Java type
     * @param required whether the model requires it
     * @param sensitive whether its value (or its map values or list elements) is sensitive
     */
    public record JavaMember(
            String name, Member model, Shape target, String type, boolean required, boolean sensitive) {

        /** @return whether it travels in the JSON body */
        public boolean inBody() {
            return model.location() == null;
        }

        /** @return its name in the JSON form: the wire name in the body, the Java name elsewhere */
        public String jsonName() {
            return inBody() ? model.wireName() : name;
        }

        /** @return whether the Java type is a list */
        public boolean isList() {
            return type.startsWith("List<");
        }

        /** @return whether the Java type is a map */
        public boolean isMap() {
            return type.startsWith("Map<");
        }

        /** @return the element type of a list */
        public String elementType() {
            return type.substring(5, type.length() - 1);
        }
    }

    /**
     * Returns a structure's members as Java sees them.
     *
     * @param shape the structure
     * @return the members, in the model's order
     */
    public List<JavaMember> members(Shape shape) {
        List<JavaMember> members = new ArrayList<>();
        for (Member m : shape.members().values()) {
            Shape target = model.shape(m.shape());
            members.add(new JavaMember(
                    memberName(m.name()),
                    m,
                    target,
                    javaType(m.shape()),
                    shape.required().contains(m.name()),
                    isSensitive(target)));
        }
        return members;
    }

    private boolean isSensitive(Shape s) {
        if (s.sensitive()) {
            return true;
        }
        if (s.type().equals("list")) {
            return isSensitive(model.shape(s.member()));
        }
        if (s.type().equals("map")) {
            return isSensitive(model.shape(s.value()));
        }
        return false;
    }

    /**
     * Returns the Java name of a model member: its name with a lower-case first letter.
     *
     * @param modelName the model's name, such as {@code TagKeys}
     * @return the Java name, such as {@code tagKeys}
     */
    public static String memberName(String modelName) {
        return Character.toLowerCase(modelName.charAt(0)) + modelName.substring(1);
    }

    /**
     * Returns the constant-style name of an operation or member, such as {@code RUN_MICROVM}.
     *
     * @param name a camel-case name
     * @return the upper-case name with underscores between words
     */
    public static String constantName(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /**
     * Returns the name with an upper-case first letter.
     *
     * @param name a name
     * @return the capitalized name
     */
    public static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
