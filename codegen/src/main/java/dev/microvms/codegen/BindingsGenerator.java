package dev.microvms.codegen;

import dev.microvms.codegen.JavaModel.JavaMember;
import dev.microvms.codegen.ServiceModel.Member;
import dev.microvms.codegen.ServiceModel.Operation;
import dev.microvms.codegen.ServiceModel.Paginator;
import dev.microvms.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code dev.microvms.model.wire.Bindings}: one {@code OperationBinding} per operation (method, URI
 * template, members with their locations and wire names, success status, errors, idempotency token,
 * paginator, codecs) and the modelled errors.
 */
final class BindingsGenerator {
    static final String PACKAGE = "dev.microvms.model.wire";

    private final JavaModel java;

    BindingsGenerator(JavaModel java) {
        this.java = java;
    }

    void generate(Map<String, String> files) {
        JavaSource s = new JavaSource(PACKAGE)
                .importType("dev.microvms.model.schema.ShapeType")
                .importType("java.util.LinkedHashMap")
                .importType("java.util.List")
                .importType("java.util.Map")
                .importType("java.util.Collections")
                .importType("org.jspecify.annotations.Nullable");
        ServiceModel model = java.model();
        s.line("/**")
                .line(" * The " + model.operations().size() + " operations of "
                        + model.metadata().get("serviceFullName") + " (API version "
                        + model.metadata().get("apiVersion") + ") on the wire, and the errors")
                .line(" * they answer, as the service model states them. See {@link OperationBinding}.")
                .line(" */")
                .line("@SuppressWarnings(\"unchecked\")")
                .line("public final class Bindings {")
                .line("    /** The API version of the model. */")
                .line("    public static final String API_VERSION = "
                        + JavaSource.literal(model.metadata().get("apiVersion")) + ";")
                .line("")
                .line("    /** The name requests are signed for with SigV4. */")
                .line("    public static final String SIGNING_NAME = "
                        + JavaSource.literal(model.metadata().get("signingName")) + ";")
                .line("")
                .line("    /** The first label of the service's host name. */")
                .line("    public static final String ENDPOINT_PREFIX = "
                        + JavaSource.literal(model.metadata().get("endpointPrefix")) + ";")
                .line("")
                .line("    /** The service's id, as the SDKs name it. */")
                .line("    public static final String SERVICE_ID = "
                        + JavaSource.literal(model.metadata().get("serviceId")) + ";");
        List<String> constants = new ArrayList<>();
        for (Operation op : model.operations().values()) {
            Paginator p = model.paginators().get(op.name());
            if (p != null) {
                paginator(s, op, p);
            }
            operation(s, op, p != null);
            constants.add(JavaModel.constantName(op.name()));
        }
        s.line("")
                .line("    /** Every operation, in the model's order. */")
                .line("    public static final List<OperationBinding<?, ?>> ALL = List.of(")
                .line("            " + String.join(",\n            ", constants) + ");");
        errors(s);
        s.line("")
                .line("    private static final Map<String, OperationBinding<?, ?>> BY_NAME = index();")
                .line("")
                .line("    private Bindings() {}")
                .line("")
                .line("    private static Map<String, OperationBinding<?, ?>> index() {")
                .line("        Map<String, OperationBinding<?, ?>> byName = new LinkedHashMap<>();")
                .line("        ALL.forEach(op -> byName.put(op.name(), op));")
                .line("        return Collections.unmodifiableMap(byName);")
                .line("    }")
                .line("")
                .line("    /**")
                .line("     * Returns an operation by name.")
                .line("     *")
                .line("     * @param name such as {@code RunMicrovm}")
                .line("     * @return the operation, or null when the model has none of that name")
                .line("     */")
                .line("    public static @Nullable OperationBinding<?, ?> named(String name) {")
                .line("        return BY_NAME.get(name);")
                .line("    }")
                .line("}");
        files.put(PACKAGE.replace('.', '/') + "/Bindings.java", s.toString());
    }

    private void paginator(JavaSource s, Operation op, Paginator p) {
        String in = java.requestType(op);
        String out = java.responseType(op);
        Shape output = java.model().shape(op.output());
        Member result = output.members().get(p.resultKey());
        String item = java.javaType(java.model().shape(result.shape()).member());
        importModel(s, in);
        importModel(s, out);
        importModel(s, item);
        String inToken = JavaModel.memberName(p.inputToken());
        s.line("")
                .line("    /** How " + op.name() + " pages. */")
                .line("    public static final Paginator<" + in + ", " + out + ", " + item + "> "
                        + JavaModel.constantName(op.name()) + "_PAGES = new Paginator<>(")
                .line("            " + JavaSource.literal(p.inputToken()) + ",")
                .line("            " + JavaSource.literal(p.outputToken()) + ",")
                .line("            " + (p.limitKey() == null ? "null" : JavaSource.literal(p.limitKey())) + ",")
                .line("            " + JavaSource.literal(p.resultKey()) + ",")
                .line("            " + in + "::" + inToken + ",")
                .line("            (r, t) -> r.toBuilder()." + inToken + "(t).build(),")
                .line("            " + out + "::" + JavaModel.memberName(p.outputToken()) + ",")
                .line("            " + out + "::" + JavaModel.memberName(p.resultKey()) + ");");
    }

    private void operation(JavaSource s, Operation op, boolean paged) {
        String in = java.requestType(op);
        String out = java.responseType(op);
        importModel(s, in);
        importModel(s, out);
        s.importType(CodecGenerator.PACKAGE + "." + CodecGenerator.codecName(in));
        s.importType(CodecGenerator.PACKAGE + "." + CodecGenerator.codecName(out));
        String constant = JavaModel.constantName(op.name());
        s.line("")
                .line("    /** " + op.name() + ": {@code " + op.method() + " " + op.requestUri() + "}, "
                        + op.responseCode() + " on success. */")
                .line("    public static final OperationBinding<" + in + ", " + out + "> " + constant + " =")
                .line("            OperationBinding.builder(" + JavaSource.literal(op.name()) + ", " + in + ".class, "
                        + out + ".class)")
                .line("                    .http(" + JavaSource.literal(op.method()) + ", "
                        + JavaSource.literal(op.requestUri()) + ", " + op.responseCode() + ")")
                .line("                    .shapes(" + JavaSource.literal(op.input()) + ", "
                        + (op.output() == null ? "null" : JavaSource.literal(op.output())) + ")");
        for (JavaMember m : java.members(java.model().shape(op.input()))) {
            member(s, in, m);
        }
        s.line("                    .errors("
                + String.join(
                        ", ", op.errors().stream().map(JavaSource::literal).toList()) + ")");
        if (op.idempotent()) {
            s.line("                    .idempotent()");
        }
        if (op.readonly()) {
            s.line("                    .readonly()");
        }
        if (paged) {
            s.line("                    .paginator(" + constant + "_PAGES)");
        }
        s.line("                    .codecs(" + CodecGenerator.codecName(in) + ".INSTANCE, "
                        + CodecGenerator.codecName(out) + ".INSTANCE)")
                .line("                    .build();");
    }

    private void member(JavaSource s, String in, JavaMember m) {
        Member model = m.model();
        String location =
                switch (model.location() == null ? "" : model.location()) {
                    case "uri" -> "Location.URI";
                    case "querystring" -> "Location.QUERY";
                    case "header" -> "Location.HEADER";
                    case "" -> "Location.BODY";
                    default -> throw new IllegalStateException("unknown location " + model.location());
                };
        Shape target = m.target();
        s.line("                    .member(MemberBinding.<" + in + ">builder(")
                .line("                                    " + JavaSource.literal(m.name()) + ",")
                .line("                                    " + JavaSource.literal(model.name()) + ",")
                .line("                                    " + JavaSource.literal(model.wireName()) + ",")
                .line("                                    " + location + ",")
                .line("                                    " + JavaSource.literal(model.shape()) + ",")
                .line("                                    ShapeType." + shapeType(target) + ",")
                .line("                                    " + in + "::" + m.name() + ",")
                .append("                                    (r, v) -> r.toBuilder()." + m.name() + "((" + m.type()
                        + ") v).build())");
        importModel(s, m.type());
        Shape scalar = target;
        if (target.type().equals("list")) {
            scalar = java.model().shape(target.member());
            s.append("\n                            .elements(ShapeType." + shapeType(scalar) + ")");
        }
        if (scalar.isEnum()) {
            String type = java.typeName(scalar.name());
            importModel(s, type);
            s.append("\n                            .enumParser(" + type + "::fromValue)");
        }
        if (m.required()) {
            s.append("\n                            .required()");
        }
        if (model.idempotencyToken()) {
            s.append("\n                            .idempotencyToken()");
        }
        s.line(")");
    }

    private void errors(JavaSource s) {
        s.line("")
                .line("    /** Every error the model declares, by name, in the model's order. */")
                .line("    public static final Map<String, ErrorShape> ERRORS = errors(");
        List<String> errors = new ArrayList<>();
        for (Shape e : java.model().shapes().values()) {
            if (!e.exception()) {
                continue;
            }
            List<String> members = new ArrayList<>();
            for (Member m : e.members().values()) {
                String location = "header".equals(m.location()) ? "Location.HEADER" : "Location.BODY";
                members.add("new ErrorMember(" + JavaSource.literal(JavaModel.memberName(m.name())) + ", "
                        + JavaSource.literal(m.name()) + ", " + JavaSource.literal(m.wireName()) + ", " + location
                        + ", ShapeType." + shapeType(java.model().shape(m.shape())) + ")");
            }
            errors.add("            new ErrorShape(\n                    " + JavaSource.literal(e.name())
                    + ",\n                    "
                    + e.httpStatus() + ",\n                    " + e.fault() + ",\n                    " + e.retryable()
                    + ",\n                    " + e.throttling()
                    + ",\n                    List.of(\n                            "
                    + String.join(",\n                            ", members) + "))");
        }
        s.line(String.join(",\n", errors) + ");")
                .line("")
                .line("    private static Map<String, ErrorShape> errors(ErrorShape... errors) {")
                .line("        Map<String, ErrorShape> byName = new LinkedHashMap<>();")
                .line("        for (ErrorShape e : errors) {")
                .line("            byName.put(e.name(), e);")
                .line("        }")
                .line("        return Collections.unmodifiableMap(byName);")
                .line("    }");
    }

    private void importModel(JavaSource s, String type) {
        s.importsFor(type);
        Matcher names = Pattern.compile("[A-Z]\\w*").matcher(type);
        while (names.find()) {
            String name = names.group();
            if (!List.of("List", "Map", "String", "Integer", "Long", "Boolean", "Instant")
                    .contains(name)) {
                s.importType(StructureGenerator.PACKAGE + "." + name);
            }
        }
    }

    static String shapeType(Shape s) {
        return switch (s.type()) {
            case "string" -> "STRING";
            case "integer" -> "INTEGER";
            case "long" -> "LONG";
            case "boolean" -> "BOOLEAN";
            case "timestamp" -> "TIMESTAMP";
            case "list" -> "LIST";
            case "map" -> "MAP";
            case "structure" -> s.union() ? "UNION" : "STRUCTURE";
            default -> throw new IllegalStateException("unknown shape type " + s.type());
        };
    }
}
