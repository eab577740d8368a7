package dev.microvms.codegen;

import dev.microvms.codegen.JavaModel.JavaMember;
import dev.microvms.codegen.ServiceModel.Shape;
import dev.microvms.codegen.UnionGenerator.Variant;
import java.util.Map;

/**
 * Writes {@code dev.microvms.model.schema.Shapes}: every shape the operations use, with the constraints
 * the model states (required, min, max, pattern, enum values, sensitive), each member's target shape and
 * how to read it from a value.
 */
final class ShapesGenerator {
    static final String PACKAGE = "dev.microvms.model.schema";

    private final JavaModel java;
    private final UnionGenerator unions;

    ShapesGenerator(JavaModel java) {
        this.java = java;
        this.unions = new UnionGenerator(java);
    }

    void generate(Map<String, String> files) {
        JavaSource s = new JavaSource(PACKAGE)
                .importType("java.util.Collection")
                .importType("java.util.Collections")
                .importType("java.util.LinkedHashMap")
                .importType("java.util.Map")
                .importType("org.jspecify.annotations.Nullable");
        s.line("/**")
                .line(
                        " * Every shape the operations use, with its constraints as the service model states them; see {@link")
                .line(" * Shape} and {@link Validator}.")
                .line(" */")
                .line("public final class Shapes {")
                .line("    private static final Map<String, Shape> BY_NAME = new LinkedHashMap<>();")
                .line("    private static final Map<Class<?>, Shape> BY_TYPE = new LinkedHashMap<>();")
                .line("")
                .line("    private static final ClassValue<@Nullable Shape> OF_TYPE = new ClassValue<>() {")
                .line("        @Override")
                .line("        protected @Nullable Shape computeValue(Class<?> type) {")
                .line("            Shape shape = BY_TYPE.get(type);")
                .line("            if (shape == null) {")
                .line("                // A union member's record: the union's shape.")
                .line("                for (Class<?> union : type.getInterfaces()) {")
                .line("                    if (BY_TYPE.containsKey(union)) {")
                .line("                        return BY_TYPE.get(union);")
                .line("                    }")
                .line("                }")
                .line("            }")
                .line("            return shape;")
                .line("        }")
                .line("    };")
                .line("")
                .line("    static {");
        for (String name : reachable()) {
            shape(s, java.model().shape(name));
        }
        s.line("    }")
                .line("")
                .line("    private Shapes() {}")
                .line("")
                .line("    private static void add(Shape.Builder builder) {")
                .line("        Shape shape = builder.build();")
                .line("        BY_NAME.put(shape.name(), shape);")
                .line("        if (shape.javaType() != null) {")
                .line("            BY_TYPE.put(shape.javaType(), shape);")
                .line("        }")
                .line("    }")
                .line("")
                .line("    /**")
                .line("     * Returns a shape by its name in the model.")
                .line("     *")
                .line("     * @param name such as {@code ImageName}")
                .line("     * @return the shape")
                .line("     * @throws IllegalArgumentException when the model has no shape of that name")
                .line("     */")
                .line("    public static Shape named(String name) {")
                .line("        Shape shape = BY_NAME.get(name);")
                .line("        if (shape == null) {")
                .line("            throw new IllegalArgumentException(\"the model has no shape named \" + name);")
                .line("        }")
                .line("        return shape;")
                .line("    }")
                .line("")
                .line("    /**")
                .line("     * Returns the shape of a Java type of the model.")
                .line("     *")
                .line("     * @param type a structure, union (or one of its member records) or enum")
                .line("     * @return the shape, or null for a type that is not the model's")
                .line("     */")
                .line("    public static @Nullable Shape of(Class<?> type) {")
                .line("        return OF_TYPE.get(type);")
                .line("    }")
                .line("")
                .line("    /** @return every shape, in the model's order */")
                .line("    public static Collection<Shape> all() {")
                .line("        return Collections.unmodifiableCollection(BY_NAME.values());")
                .line("    }")
                .line("}");
        files.put(PACKAGE.replace('.', '/') + "/Shapes.java", s.toString());
    }

    /** The shapes the operations reach, in the model file's order. */
    private Iterable<String> reachable() {
        java.util.Set<String> used = java.allShapes();
        return java.model().shapes().keySet().stream().filter(used::contains).toList();
    }

    private void shape(JavaSource s, Shape shape) {
        String type = BindingsGenerator.shapeType(shape);
        StringBuilder b = new StringBuilder(
                "        add(Shape.builder(" + JavaSource.literal(shape.name()) + ", ShapeType." + type + ")");
        if (shape.min() != null) {
            b.append(".min(").append(shape.min()).append("L)");
        }
        if (shape.max() != null) {
            b.append(".max(").append(shape.max()).append("L)");
        }
        if (shape.pattern() != null) {
            b.append("\n                .pattern(")
                    .append(JavaSource.literal(shape.pattern()))
                    .append(")");
        }
        if (!shape.enumValues().isEmpty()) {
            b.append("\n                .enumValues(")
                    .append(String.join(
                            ", ",
                            shape.enumValues().stream().map(JavaSource::literal).toList()))
                    .append(")");
        }
        if (shape.sensitive()) {
            b.append(".sensitive()");
        }
        if (shape.member() != null) {
            b.append(".listOf(").append(JavaSource.literal(shape.member())).append(")");
        }
        if (shape.key() != null) {
            b.append(".mapOf(")
                    .append(JavaSource.literal(shape.key()))
                    .append(", ")
                    .append(JavaSource.literal(shape.value()))
                    .append(")");
        }
        String javaType = java.typeNames().get(shape.name());
        if (javaType != null) {
            s.importType(StructureGenerator.PACKAGE + "." + javaType);
            b.append("\n                .javaType(").append(javaType).append(".class)");
            if (shape.type().equals("structure") && shape.union()) {
                for (Variant v : unions.variants(shape)) {
                    String getter = v.empty()
                            ? "v -> v instanceof " + javaType + "." + v.record() + " ? v : null"
                            : "v -> v instanceof " + javaType + "." + v.record() + " m ? m." + v.member() + "() : null";
                    member(b, v.member(), v.member(), memberTarget(shape, v.member()), false, getter);
                }
            } else if (shape.type().equals("structure")) {
                for (JavaMember m : java.members(shape)) {
                    member(
                            b,
                            m.name(),
                            m.model().name(),
                            m.model().shape(),
                            m.required(),
                            "v -> ((" + javaType + ") v)." + m.name() + "()");
                }
            }
        }
        s.line(b.append(");").toString());
    }

    private static String memberTarget(Shape union, String javaName) {
        return union.members().values().stream()
                .filter(m -> JavaModel.memberName(m.name()).equals(javaName))
                .findFirst()
                .orElseThrow()
                .shape();
    }

    private static void member(
            StringBuilder b, String name, String modelName, String target, boolean required, String getter) {
        b.append("\n                .member(")
                .append(JavaSource.literal(name))
                .append(", ")
                .append(JavaSource.literal(modelName))
                .append(", ")
                .append(JavaSource.literal(target))
                .append(", ")
                .append(required)
                .append(", ")
                .append(getter)
                .append(")");
    }
}
