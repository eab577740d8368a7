package dev.microvms.codegen;

import dev.microvms.codegen.JavaModel.JavaMember;
import dev.microvms.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes each union as a sealed interface: one record per member (a member set to an empty structure, such
 * as {@code {"disabled":{}}}, is a record without components), an {@code Unknown} record for a member this
 * version does not know, and a static factory per member.
 */
final class UnionGenerator {
    private final JavaModel java;

    UnionGenerator(JavaModel java) {
        this.java = java;
    }

    void generate(Map<String, String> files) {
        java.typeNames().forEach((shape, name) -> {
            Shape s = java.model().shape(shape);
            if (s.type().equals("structure") && s.union()) {
                files.put(StructureGenerator.path(name), union(name, s));
            }
        });
    }

    /** A member of a union, seen from Java. */
    record Variant(String member, String record, Shape target, String type, boolean empty) {}

    List<Variant> variants(Shape union) {
        List<Variant> variants = new ArrayList<>();
        for (ServiceModel.Member m : union.members().values()) {
            Shape target = java.model().shape(m.shape());
            String name = JavaModel.memberName(m.name());
            if (name.equals("member") || name.equals("unknown")) {
                throw new IllegalStateException("union " + union.name() + " has a member named " + m.name()
                        + ", which the generated interface uses itself");
            }
            boolean empty = java.isEmptyUnionMember(target);
            variants.add(new Variant(
                    name, JavaModel.capitalize(name), target, empty ? null : java.unionMemberType(m.shape()), empty));
        }
        return variants;
    }

    private String union(String name, Shape shape) {
        JavaSource s = new JavaSource(StructureGenerator.PACKAGE);
        List<Variant> variants = variants(shape);
        List<String> permits = new ArrayList<>();
        variants.forEach(v -> permits.add(name + "." + v.record()));
        permits.add(name + ".Unknown");
        s.line("/**")
                .line(" * " + java.custom().shapeDoc(name, "The " + name + " union."))
                .line(" *")
                .line(
                        " * <p>A union: exactly one member is set on the wire. Each member is a record of this interface,")
                .line(" * and a member this version does not know reads as {@link Unknown}.")
                .line(" */")
                .line("public sealed interface " + name + " permits " + String.join(", ", permits) + " {");
        for (Variant v : variants) {
            factories(s, name, v);
        }
        s.line("")
                .line("    /**")
                .line("     * Returns the name of the member that is set.")
                .line("     *")
                .line("     * @return the member's name on the wire")
                .line("     */")
                .line("    String member();");
        for (Variant v : variants) {
            String doc = java.custom().memberDoc(name, v.member());
            s.line("").line("    /**").line("     * The {@code " + v.member() + "} member: " + lower(doc));
            if (!v.empty()) {
                s.importsFor(v.type());
                s.line("     *").line("     * @param " + v.member() + " " + doc);
            }
            s.line("     */")
                    .line("    record " + v.record() + "(" + (v.empty() ? "" : v.type() + " " + v.member())
                            + ") implements " + name + " {")
                    .line("        @Override")
                    .line("        public String member() {")
                    .line("            return " + JavaSource.literal(v.member()) + ";")
                    .line("        }")
                    .line("    }");
        }
        return s.line("")
                .line("    /**")
                .line("     * A member this version of the client does not know.")
                .line("     *")
                .line("     * @param member the member's name on the wire")
                .line("     */")
                .line("    record Unknown(String member) implements " + name + " {}")
                .line("}")
                .toString();
    }

    private void factories(JavaSource s, String name, Variant v) {
        String doc = java.custom().memberDoc(name, v.member());
        s.line("")
                .line("    /**")
                .line("     * Sets the {@code " + v.member() + "} member: " + lower(doc))
                .line("     *");
        if (!v.empty()) {
            s.line("     * @param " + v.member() + " " + doc);
        }
        s.line("     * @return the union with its {@code " + v.member() + "} member set")
                .line("     */")
                .line("    static " + name + " " + v.member() + "(" + (v.empty() ? "" : v.type() + " " + v.member())
                        + ") {")
                .line("        return new " + v.record() + "(" + (v.empty() ? "" : v.member()) + ");")
                .line("    }");
        if (v.empty() || !v.target().isStructure()) {
            return;
        }
        // A structure member also gets a factory that takes the structure's members.
        List<JavaMember> members = java.members(v.target());
        if (members.isEmpty()
                || members.size() > 4
                || members.stream().anyMatch(m -> m.target().type().equals("structure"))) {
            return;
        }
        s.importType("org.jspecify.annotations.Nullable");
        s.line("")
                .line("    /**")
                .line("     * Sets the {@code " + v.member() + "} member from its members.")
                .line("     *");
        for (JavaMember m : members) {
            s.importsFor(m.type());
            s.line("     * @param " + m.name() + " " + java.custom().memberDoc(v.type(), m.name()));
        }
        List<String> params = members.stream()
                .map(m -> (m.required() ? "" : "@Nullable ") + m.type() + " " + m.name())
                .toList();
        List<String> args = members.stream().map(JavaMember::name).toList();
        s.line("     * @return the union with its {@code " + v.member() + "} member set")
                .line("     */")
                .line("    static " + name + " " + v.member() + "(" + String.join(", ", params) + ") {")
                .line("        return new " + v.record() + "(new " + v.type() + "(" + String.join(", ", args) + "));")
                .line("    }");
    }

    private static String lower(String doc) {
        return Character.toLowerCase(doc.charAt(0)) + doc.substring(1);
    }
}
