package dev.microvms.codegen;

import dev.microvms.codegen.ServiceModel.Shape;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * Writes each enum of the model as a Java enum with an {@code UNKNOWN_TO_SDK_VERSION} constant, so that a
 * value the service starts sending later reads as that constant rather than failing.
 */
final class EnumGenerator {
    private final JavaModel java;

    EnumGenerator(JavaModel java) {
        this.java = java;
    }

    void generate(Map<String, String> files) {
        java.typeNames().forEach((shape, name) -> {
            Shape s = java.model().shape(shape);
            if (s.isEnum()) {
                files.put(StructureGenerator.path(name), enumeration(name, s));
            }
        });
    }

    private String enumeration(String name, Shape shape) {
        JavaSource s = new JavaSource(StructureGenerator.PACKAGE).importType("org.jspecify.annotations.Nullable");
        s.line("/**")
                .line(" * " + java.custom().shapeDoc(name, "The values of " + shape.name() + "."))
                .line(" *")
                .line(" * <p>Values this version does not know read as {@link #UNKNOWN_TO_SDK_VERSION}.")
                .line(" */")
                .line("public enum " + name + " {");
        for (String value : shape.enumValues()) {
            if (!SourceVersion.isIdentifier(value) || SourceVersion.isKeyword(value)) {
                throw new IllegalStateException("enum " + shape.name() + " has the value '" + value
                        + "', which is no Java name; the generator needs a mapping for it");
            }
            s.line("    " + value + ",");
        }
        return s.line("    /** A value this version of the client does not know. */")
                .line("    UNKNOWN_TO_SDK_VERSION;")
                .line("")
                .line("    /**")
                .line("     * Returns the constant for a wire value.")
                .line("     *")
                .line("     * @param value the value as the service sends it")
                .line("     * @return the constant, {@link #UNKNOWN_TO_SDK_VERSION} for a value this version does not"
                        + " know, or null for null")
                .line("     */")
                .line("    public static @Nullable " + name + " fromValue(@Nullable String value) {")
                .line("        if (value == null) {")
                .line("            return null;")
                .line("        }")
                .line("        return switch (value) {")
                .append(cases(shape))
                .line("            default -> UNKNOWN_TO_SDK_VERSION;")
                .line("        };")
                .line("    }")
                .line("}")
                .toString();
    }

    private static String cases(Shape shape) {
        StringBuilder s = new StringBuilder();
        for (String value : shape.enumValues()) {
            s.append("            case ")
                    .append(JavaSource.literal(value))
                    .append(" -> ")
                    .append(value)
                    .append(";\n");
        }
        return s.toString();
    }
}
