package dev.microvms.codegen;

import dev.microvms.codegen.JavaModel.JavaMember;
import dev.microvms.codegen.ServiceModel.Shape;
import dev.microvms.codegen.UnionGenerator.Variant;
import java.util.List;
import java.util.Map;

/**
 * Writes the wire codec: for every structure and union a class that writes and reads its JSON form with
 * Jackson's streaming API (no reflection), members under their wire names, absent members left out,
 * timestamps as epoch seconds, and a {@code Codecs} table that {@code WireJson} registers.
 */
final class CodecGenerator {
    static final String PACKAGE = "dev.microvms.model.json.internal";

    private final JavaModel java;
    private final UnionGenerator unions;

    CodecGenerator(JavaModel java) {
        this.java = java;
        this.unions = new UnionGenerator(java);
    }

    static String path(String type) {
        return PACKAGE.replace('.', '/') + "/" + type + ".java";
    }

    static String codecName(String type) {
        return type + "Codec";
    }

    void generate(Map<String, String> files) {
        JavaSource table = new JavaSource(PACKAGE).importType("org.jspecify.annotations.Nullable");
        StringBuilder cases = new StringBuilder();
        java.typeNames().forEach((shape, name) -> {
            Shape s = java.model().shape(shape);
            if (s.type().equals("structure")) {
                files.put(path(codecName(name)), s.union() ? union(name, s) : structure(name, java.members(s)));
                cases.append("            case \"" + StructureGenerator.PACKAGE + "." + name + "\" -> "
                        + codecName(name) + ".INSTANCE;\n");
            }
        });
        java.outputlessResponses().values().forEach(name -> {
            files.put(path(codecName(name)), structure(name, List.of()));
            cases.append("            case \"" + StructureGenerator.PACKAGE + "." + name + "\" -> " + codecName(name)
                    + ".INSTANCE;\n");
        });
        table.line("/**")
                .line(
                        " * The codec of every structure and union of the model, by type. A codec's class loads when it is")
                .line(" * first asked for, so that a program that reads two types does not load sixty.")
                .line(" */")
                .line("public final class Codecs {")
                .line("    private Codecs() {}")
                .line("")
                .line("    /**")
                .line("     * Returns the codec of a structure or union.")
                .line("     *")
                .line("     * @param type the type (a union's interface, not one of its member records)")
                .line("     * @return the codec, or null when the type is not one of the model's")
                .line("     */")
                .line("    public static @Nullable JsonCodec<?> forType(Class<?> type) {")
                .line("        return switch (type.getName()) {")
                .append(cases.toString())
                .line("            default -> null;")
                .line("        };")
                .line("    }")
                .line("}");
        files.put(path("Codecs"), table.toString());
    }

    private JavaSource codecHeader(String name) {
        return new JavaSource(PACKAGE)
                .importType("com.fasterxml.jackson.core.JsonGenerator")
                .importType("com.fasterxml.jackson.core.JsonParser")
                .importType("java.io.IOException")
                .importType("org.jspecify.annotations.Nullable")
                .importType(StructureGenerator.PACKAGE + "." + name);
    }

    private String structure(String name, List<JavaMember> members) {
        JavaSource s = codecHeader(name);
        String codec = codecName(name);
        boolean splitsBody = members.stream().anyMatch(m -> !m.inBody());
        s.line("/** Reads and writes the JSON form of {@link " + name + "}. */")
                .line("public final class " + codec + " implements JsonCodec<" + name + "> {")
                .line("    /** The codec. */")
                .line("    public static final " + codec + " INSTANCE = new " + codec + "();")
                .line("")
                .line("    private " + codec + "() {}")
                .line("")
                .line("    @Override")
                .line("    public void write(JsonGenerator out, " + name + " value) throws IOException {")
                .line("        out.writeStartObject();");
        for (JavaMember m : members) {
            writeMember(s, m, m.jsonName());
        }
        s.line("        out.writeEndObject();").line("    }");
        if (splitsBody) {
            s.line("")
                    .line("    @Override")
                    .line("    public void writeBody(JsonGenerator out, " + name + " value) throws IOException {")
                    .line("        out.writeStartObject();");
            for (JavaMember m : members) {
                if (m.inBody()) {
                    writeMember(s, m, m.jsonName());
                }
            }
            s.line("        out.writeEndObject();").line("    }");
            s.line("").line("    @Override").line("    public boolean hasBody() {");
            s.line("        return " + members.stream().anyMatch(JavaMember::inBody) + ";")
                    .line("    }");
        }
        s.line("")
                .line("    @Override")
                .line("    public @Nullable " + name + " read(JsonParser in, boolean lenient) throws IOException {")
                .line("        if (!JsonValues.startObject(in, " + JavaSource.literal(name) + ")) {")
                .line("            return null;")
                .line("        }");
        for (JavaMember m : members) {
            s.importsFor(m.type());
            s.line("        " + m.type() + " " + local(m) + " = null;");
        }
        s.line(
                "        for (String name = JsonValues.nextMember(in); name != null; name = JsonValues.nextMember(in)) {");
        if (members.isEmpty()) {
            s.line("            in.skipChildren();");
        } else {
            s.line("            switch (name) {");
            for (JavaMember m : members) {
                s.line("                case " + JavaSource.literal(m.jsonName()) + " -> " + local(m) + " = "
                        + readExpr(s, m.model().shape(), "in", "lenient") + ";");
            }
            s.line("                default -> in.skipChildren();").line("            }");
        }
        s.line("        }")
                .line("        return new " + name + "("
                        + String.join(
                                ", ",
                                members.stream().map(CodecGenerator::local).toList()) + ");")
                .line("    }")
                .line("}");
        return s.toString();
    }

    /** The local variable that holds a member, named apart from the codec's own. */
    private static String local(JavaMember m) {
        return "v" + JavaModel.capitalize(m.name());
    }

    private void writeMember(JavaSource s, JavaMember m, String wireName) {
        s.importsFor(m.type());
        String local = local(m);
        s.line("        " + m.type() + " " + local + " = value." + m.name() + "();")
                .line("        if (" + local + " != null) {")
                .line("            out.writeFieldName(" + JavaSource.literal(wireName) + ");")
                .line("            " + writeStmt(s, m.model().shape(), local))
                .line("        }");
    }

    private String union(String name, Shape shape) {
        JavaSource s = codecHeader(name);
        String codec = codecName(name);
        List<Variant> variants = unions.variants(shape);
        s.line("/** Reads and writes the JSON form of the union {@link " + name + "}: an object with one member. */")
                .line("public final class " + codec + " implements JsonCodec<" + name + "> {")
                .line("    /** The codec. */")
                .line("    public static final " + codec + " INSTANCE = new " + codec + "();")
                .line("")
                .line("    private " + codec + "() {}")
                .line("")
                .line("    @Override")
                .line("    public void write(JsonGenerator out, " + name + " value) throws IOException {")
                .line("        out.writeStartObject();")
                .line("        out.writeFieldName(value.member());");
        String keyword = "if";
        for (Variant v : variants) {
            if (v.empty()) {
                continue;
            }
            s.line("        " + keyword + " (value instanceof " + name + "." + v.record() + " m) {")
                    .line("            " + writeStmt(s, v.target().name(), "m." + v.member() + "()"));
            keyword = "} else if";
        }
        s.line(keyword.equals("if") ? "        JsonValues.writeEmptyObject(out);" : "        } else {")
                .append(keyword.equals("if") ? "" : "            JsonValues.writeEmptyObject(out);\n        }\n")
                .line("        out.writeEndObject();")
                .line("    }")
                .line("")
                .line("    @Override")
                .line("    public @Nullable " + name + " read(JsonParser in, boolean lenient) throws IOException {")
                .line("        if (!JsonValues.startObject(in, " + JavaSource.literal(name) + ")) {")
                .line("            return null;")
                .line("        }")
                .line("        " + name + " found = null;")
                .line(
                        "        for (String name = JsonValues.nextMember(in); name != null; name = JsonValues.nextMember(in)) {")
                .line("            if (JsonValues.isNull(in)) {")
                .line("                continue;")
                .line("            }")
                .line("            if (found != null) {")
                .line("                throw JsonValues.mismatch(in, "
                        + JavaSource.literal(name + " is a union: set exactly one of its members, not both ")
                        + " + found.member() + \" and \" + name);")
                .line("            }")
                .line("            found = switch (name) {");
        for (Variant v : variants) {
            if (v.empty()) {
                s.line("                case " + JavaSource.literal(v.member()) + " -> {")
                        .line("                    in.skipChildren();")
                        .line("                    yield new " + name + "." + v.record() + "();")
                        .line("                }");
            } else {
                s.line("                case " + JavaSource.literal(v.member()) + " -> new " + name + "." + v.record()
                        + "(JsonValues.required(" + readExpr(s, v.target().name(), "in", "lenient") + ", in));");
            }
        }
        return s.line("                default -> {")
                .line("                    in.skipChildren();")
                .line("                    yield new " + name + ".Unknown(name);")
                .line("                }")
                .line("            };")
                .line("        }")
                .line("        if (found == null) {")
                .line("            throw JsonValues.mismatch(in, "
                        + JavaSource.literal(name + " is a union: set exactly one of its members") + ");")
                .line("        }")
                .line("        return found;")
                .line("    }")
                .line("}")
                .toString();
    }

    /** An expression that reads a value of the shape at the parser's current token. */
    private String readExpr(JavaSource s, String shapeName, String in, String lenient) {
        Shape shape = java.model().shape(shapeName);
        return switch (shape.type()) {
            case "string" -> {
                if (shape.isEnum()) {
                    String type = java.typeName(shapeName);
                    s.importType(StructureGenerator.PACKAGE + "." + type);
                    yield type + ".fromValue(JsonValues.readString(" + in + ", " + lenient + "))";
                }
                yield "JsonValues.readString(" + in + ", " + lenient + ")";
            }
            case "integer" -> "JsonValues.readInteger(" + in + ", " + lenient + ")";
            case "long" -> "JsonValues.readLong(" + in + ", " + lenient + ")";
            case "boolean" -> "JsonValues.readBoolean(" + in + ", " + lenient + ")";
            case "timestamp" -> "JsonValues.readInstant(" + in + ", " + lenient + ")";
            case "structure" -> {
                String type = java.typeName(shapeName);
                s.importType(StructureGenerator.PACKAGE + "." + type);
                yield codecName(type) + ".INSTANCE.read(" + in + ", " + lenient + ")";
            }
            case "list" -> "JsonValues.readList(" + in + ", " + lenient + ", " + reader(s, shape.member()) + ")";
            case "map" -> "JsonValues.readMap(" + in + ", " + lenient + ", " + reader(s, shape.value()) + ")";
            default -> throw new IllegalStateException("cannot read shape type " + shape.type());
        };
    }

    /** A {@code JsonValues.Reader} of the shape. */
    private String reader(JavaSource s, String shapeName) {
        Shape shape = java.model().shape(shapeName);
        if (shape.type().equals("structure")) {
            String type = java.typeName(shapeName);
            s.importType(StructureGenerator.PACKAGE + "." + type);
            return codecName(type) + ".INSTANCE";
        }
        return "(p, l) -> " + readExpr(s, shapeName, "p", "l");
    }

    /** A statement that writes the non-null value of an expression of the shape. */
    private String writeStmt(JavaSource s, String shapeName, String value) {
        Shape shape = java.model().shape(shapeName);
        return switch (shape.type()) {
            case "string" ->
                shape.isEnum() ? "out.writeString(" + value + ".name());" : "out.writeString(" + value + ");";
            case "integer", "long" -> "out.writeNumber(" + value + ");";
            case "boolean" -> "out.writeBoolean(" + value + ");";
            case "timestamp" -> "JsonValues.writeInstant(out, " + value + ");";
            case "structure" -> codecName(java.typeName(shapeName)) + ".INSTANCE.write(out, " + value + ");";
            case "list" -> "JsonValues.writeList(out, " + value + ", " + writer(s, shape.member()) + ");";
            case "map" -> "JsonValues.writeMap(out, " + value + ", " + writer(s, shape.value()) + ");";
            default -> throw new IllegalStateException("cannot write shape type " + shape.type());
        };
    }

    private String writer(JavaSource s, String shapeName) {
        Shape shape = java.model().shape(shapeName);
        if (shape.type().equals("structure")) {
            return codecName(java.typeName(shapeName)) + ".INSTANCE";
        }
        String stmt = writeStmt(s, shapeName, "e").replace("out.", "o.").replace("(out,", "(o,");
        return "(o, e) -> " + stmt.substring(0, stmt.length() - 1);
    }
}
