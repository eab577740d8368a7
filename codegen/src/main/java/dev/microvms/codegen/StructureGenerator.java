package dev.microvms.codegen;

import dev.microvms.codegen.Customization.Group;
import dev.microvms.codegen.JavaModel.JavaMember;
import dev.microvms.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes each structure as a record with a builder and {@code toBuilder()}: collections copied so that a
 * value cannot change, sensitive members redacted in {@code toString()}, and the member groups of the
 * customization as interfaces.
 */
final class StructureGenerator {
    static final String PACKAGE = "dev.microvms.model";

    private final JavaModel java;
    private final ConstraintText constraints;
    private final Set<String> inputShapes;
    private final Map<String, List<JavaMember>> structures = new LinkedHashMap<>();

    StructureGenerator(JavaModel java) {
        this.java = java;
        this.constraints = new ConstraintText(java.model());
        this.inputShapes = java.inputShapes();
        java.typeNames().forEach((shape, name) -> {
            Shape s = java.model().shape(shape);
            if (s.isStructure()) {
                structures.put(name, java.members(s));
            }
        });
        java.outputlessResponses().values().forEach(name -> structures.put(name, List.of()));
    }

    /** Adds every record and group interface to the files, by their paths under the source root. */
    void generate(Map<String, String> files) {
        for (Group g : java.custom().groups()) {
            files.put(path(g.name()), group(g));
        }
        java.typeNames().forEach((shape, name) -> {
            if (structures.containsKey(name)) {
                files.put(path(name), record(name, shape, structures.get(name)));
            }
        });
        java.outputlessResponses().forEach((op, name) -> files.put(path(name), record(name, null, List.of())));
    }

    static String path(String type) {
        return PACKAGE.replace('.', '/') + "/" + type + ".java";
    }

    private String memberDoc(String type, JavaMember m, String shape) {
        String doc = java.custom().memberDoc(type, m.name());
        if (m.sensitive()) {
            doc += " Redacted in {@code toString()}.";
        }
        if (shape != null && inputShapes.contains(shape)) {
            doc += constraints.sentence(m.target());
        }
        return doc;
    }

    private String group(Group g) {
        JavaSource s = new JavaSource(PACKAGE).importType("org.jspecify.annotations.Nullable");
        List<JavaMember> members = groupMembers(g);
        members.forEach(m -> s.importsFor(m.type()));
        s.line("/**").line(" * " + g.doc()).line(" */");
        s.line("public interface " + g.name() + " {");
        for (int i = 0; i < members.size(); i++) {
            JavaMember m = members.get(i);
            String doc = java.custom().memberDoc(g.name(), m.name());
            s.append(i == 0 ? "" : "\n")
                    .line("    /** @return " + Character.toLowerCase(doc.charAt(0)) + doc.substring(1) + " */")
                    .line("    @Nullable " + m.type() + " " + m.name() + "();");
        }
        return s.line("}").toString();
    }

    /** A group's members as the first structure that has them all declares them. */
    private List<JavaMember> groupMembers(Group g) {
        for (List<JavaMember> members : structures.values()) {
            List<JavaMember> found = new ArrayList<>();
            for (String name : g.members()) {
                members.stream().filter(m -> m.name().equals(name)).findFirst().ifPresent(found::add);
            }
            if (found.size() == g.members().size()) {
                return found;
            }
        }
        throw new IllegalStateException("no structure has every member of the group " + g.name());
    }

    private List<Group> groupsOf(List<JavaMember> members) {
        List<Group> found = new ArrayList<>();
        for (Group g : java.custom().groups()) {
            List<JavaMember> wanted = groupMembers(g);
            boolean all = wanted.stream().allMatch(gm -> members.stream()
                    .anyMatch(m -> m.name().equals(gm.name()) && m.type().equals(gm.type())));
            if (all) {
                found.add(g);
            }
        }
        return found;
    }

    /**
     * The other structures with exactly these members: a {@code Get...Response} gets a {@code from} for
     * each, so code that holds a summary or an update's answer can have the full shape without copying.
     */
    private List<String> sameShape(String name, List<JavaMember> members) {
        if (!name.startsWith("Get") || !name.endsWith("Response") || members.isEmpty()) {
            return List.of();
        }
        List<String> same = new ArrayList<>();
        structures.forEach((other, otherMembers) -> {
            if (!other.equals(name) && signature(otherMembers).equals(signature(members))) {
                same.add(other);
            }
        });
        return same;
    }

    private static List<String> signature(List<JavaMember> members) {
        return members.stream().map(m -> m.name() + ":" + m.type()).toList();
    }

    private String record(String name, String shape, List<JavaMember> members) {
        JavaSource s = new JavaSource(PACKAGE);
        members.forEach(m -> s.importsFor(m.type()));
        if (!members.isEmpty()) {
            s.importType("org.jspecify.annotations.Nullable");
        }
        String fallback = name.endsWith("Request")
                ? "The input of " + name.substring(0, name.length() - "Request".length()) + "."
                : name.endsWith("Response")
                        ? "The output of " + name.substring(0, name.length() - "Response".length()) + "."
                        : "The " + name + " structure.";
        s.line("/**").line(" * " + java.custom().shapeDoc(name, fallback));
        if (!members.isEmpty()) {
            s.line(" *");
            for (JavaMember m : members) {
                s.line(" * @param " + m.name() + " " + memberDoc(name, m, shape) + (m.required() ? " Required." : ""));
            }
        }
        s.line(" */");
        s.append("public record " + name + "(");
        for (int i = 0; i < members.size(); i++) {
            JavaMember m = members.get(i);
            s.append(i == 0 ? "\n        " : ",\n        ")
                    .append((m.required() ? "" : "@Nullable ") + m.type() + " " + m.name());
        }
        List<Group> implemented = groupsOf(members);
        s.append(")")
                .append(
                        implemented.isEmpty()
                                ? ""
                                : " implements "
                                        + String.join(
                                                ", ",
                                                implemented.stream()
                                                        .map(Group::name)
                                                        .toList()))
                .line(" {");
        if (members.isEmpty()) {
            emptyBody(s, name);
            return s.line("}").toString();
        }
        copies(s, name, members);
        for (String extra : java.custom().extraMethods().getOrDefault(name, List.of())) {
            extraMethod(s, extra);
        }
        s.line("")
                .line("    /**")
                .line("     * Returns a builder with no member set.")
                .line("     *")
                .line("     * @return a new builder")
                .line("     */")
                .line("    public static Builder builder() {")
                .line("        return new Builder();")
                .line("    }")
                .line("")
                .line("    /**")
                .line("     * Returns a builder holding this value's members.")
                .line("     *")
                .line("     * @return a new builder")
                .line("     */")
                .line("    public Builder toBuilder() {")
                .line("        return new Builder(this);")
                .line("    }");
        for (String other : sameShape(name, members)) {
            s.line("")
                    .line("    /**")
                    .line("     * Returns the members of a {@link " + other + "}, which has this shape.")
                    .line("     *")
                    .line("     * @param source the value to copy")
                    .line("     * @return the value")
                    .line("     */")
                    .line("    public static " + name + " from(" + other + " source) {")
                    .append("        return new " + name + "(");
            for (int i = 0; i < members.size(); i++) {
                s.append((i == 0 ? "\n                " : ",\n                ") + "source."
                        + members.get(i).name() + "()");
            }
            s.line(");").line("    }");
        }
        if (members.stream().anyMatch(JavaMember::sensitive)) {
            redactingToString(s, name, members);
        }
        builder(s, name, shape, members, implemented);
        return s.line("}").toString();
    }

    private static void emptyBody(JavaSource s, String name) {
        s.line("")
                .line("    /**")
                .line("     * Returns a builder; the structure has no members, so it builds the one value there is.")
                .line("     *")
                .line("     * @return a new builder")
                .line("     */")
                .line("    public static Builder builder() {")
                .line("        return new Builder();")
                .line("    }")
                .line("")
                .line("    /**")
                .line("     * Returns a builder.")
                .line("     *")
                .line("     * @return a new builder")
                .line("     */")
                .line("    public Builder toBuilder() {")
                .line("        return new Builder();")
                .line("    }")
                .line("")
                .line("    /** Builds a {@link " + name + "}. */")
                .line("    public static final class Builder {")
                .line("        private Builder() {}")
                .line("")
                .line("        /**")
                .line("         * Builds the value.")
                .line("         *")
                .line("         * @return the value")
                .line("         */")
                .line("        public " + name + " build() {")
                .line("            return new " + name + "();")
                .line("        }")
                .line("    }");
    }

    private static void copies(JavaSource s, String name, List<JavaMember> members) {
        List<JavaMember> copied =
                members.stream().filter(m -> m.isList() || m.isMap()).toList();
        if (copied.isEmpty()) {
            return;
        }
        s.line("")
                .line("    /** Copies the collections, so that the value cannot change after it is made. */")
                .line("    public " + name + " {");
        for (JavaMember m : copied) {
            String copy = m.isList() ? "List.copyOf" : "Map.copyOf";
            s.line("        " + m.name() + " = " + m.name() + " == null ? null : " + copy + "(" + m.name() + ");");
        }
        s.line("    }");
    }

    private static void extraMethod(JavaSource s, String extra) {
        if (!extra.equals("authToken")) {
            throw new IllegalStateException("unknown extra method template " + extra);
        }
        s.line("")
                .line("    /**")
                .line("     * Returns the token to send in the {@code X-aws-proxy-auth} header.")
                .line("     *")
                .line("     * @return the token, or null when the service sent none")
                .line("     */")
                .line("    public @Nullable String token() {")
                .line("        return authToken == null ? null : authToken.get(\"X-aws-proxy-auth\");")
                .line("    }");
    }

    private static void redactingToString(JavaSource s, String name, List<JavaMember> members) {
        s.line("")
                .line("    @Override")
                .line("    public String toString() {")
                .append("        return \"" + name + "[\"");
        for (int i = 0; i < members.size(); i++) {
            JavaMember m = members.get(i);
            s.append("\n                + \"" + (i == 0 ? "" : ", ") + m.name() + "=\" + ");
            s.append(m.sensitive() ? "(" + m.name() + " == null ? null : \"***\")" : m.name());
        }
        s.line("\n                + \"]\";").line("    }");
    }

    private void builder(JavaSource s, String name, String shape, List<JavaMember> members, List<Group> groups) {
        s.line("").line("    /** Builds a {@link " + name + "}. */").line("    public static final class Builder {");
        for (JavaMember m : members) {
            s.line("        private @Nullable " + m.type() + " " + m.name() + ";");
        }
        s.line("").line("        private Builder() {}").line("").line("        private Builder(" + name + " source) {");
        for (JavaMember m : members) {
            s.line("            this." + m.name() + " = source." + m.name() + "();");
        }
        s.line("        }");
        for (JavaMember m : members) {
            String doc = memberDoc(name, m, shape);
            s.line("")
                    .line("        /**")
                    .line("         * Sets {@link " + name + "#" + m.name() + "()}.")
                    .line("         *")
                    .line("         * @param " + m.name() + " " + doc)
                    .line("         * @return this builder")
                    .line("         */")
                    .line("        public Builder " + m.name() + "(@Nullable " + m.type() + " " + m.name() + ") {")
                    .line("            this." + m.name() + " = " + m.name() + ";")
                    .line("            return this;")
                    .line("        }");
            if (m.isList()) {
                s.line("")
                        .line("        /**")
                        .line("         * Sets {@link " + name + "#" + m.name() + "()}.")
                        .line("         *")
                        .line("         * @param " + m.name() + " " + doc)
                        .line("         * @return this builder")
                        .line("         */")
                        .line("        public Builder " + m.name() + "(" + m.elementType() + "... " + m.name() + ") {")
                        .line("            this." + m.name() + " = List.of(" + m.name() + ");")
                        .line("            return this;")
                        .line("        }");
            }
        }
        for (Group g : groups) {
            s.line("")
                    .line("        /**")
                    .line("         * Sets every member of a {@link " + g.name() + "}, such as another request's.")
                    .line("         *")
                    .line("         * @param source the members to copy")
                    .line("         * @return this builder")
                    .line("         */")
                    .line("        public Builder " + g.setter() + "(" + g.name() + " source) {");
            for (String member : g.members()) {
                s.line("            this." + member + " = source." + member + "();");
            }
            s.line("            return this;").line("        }");
        }
        s.line("")
                .line("        /**")
                .line(
                        "         * Builds the value. Required members are checked by the client before it sends a request,")
                .line("         * with a message that says how to fix them, not here.")
                .line("         *")
                .line("         * @return the value")
                .line("         */")
                .line("        public " + name + " build() {")
                .append("            return new " + name + "(")
                .append(String.join(", ", members.stream().map(JavaMember::name).toList()))
                .line(");")
                .line("        }")
                .line("    }");
    }
}
