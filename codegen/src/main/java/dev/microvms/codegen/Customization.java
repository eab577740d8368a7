package dev.microvms.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Java code adds to the model, kept apart from the model file (as the AWS SDKs keep a {@code
 * customization.config} beside each service model): the Java names of shapes whose model names the kit's
 * API predates, member groups shared by several structures, extra methods, and the documentation, which
 * the model file ships without.
 *
 * @param renames Java type names by model shape name
 * @param groups interfaces of members that several structures share
 * @param extraMethods named method templates by Java type name
 * @param shapeDocs type documentation by Java type name
 * @param memberDocs member documentation by {@code Type.member}, or by member name for every type
 * @param operationDocs operation documentation by operation name
 * @param errorDocs error documentation by error name
 * @param clientDocs the documentation of the client interfaces: {@code sync} and {@code async}
 */
public record Customization(
        Map<String, String> renames,
        List<Group> groups,
        Map<String, List<String>> extraMethods,
        Map<String, String> shapeDocs,
        Map<String, String> memberDocs,
        Map<String, String> operationDocs,
        Map<String, String> errorDocs,
        Map<String, String> clientDocs) {

    /**
     * Members that several structures share, generated as an interface those structures implement.
     *
     * @param name the interface's name
     * @param setter the name of the builder method that copies every member from another value
     * @param doc the interface's documentation
     * @param members the members' Java names
     */
    public record Group(String name, String setter, String doc, List<String> members) {}

    /** @return the customization the generator ships with */
    public static Customization load() {
        try (InputStream in = Customization.class.getResourceAsStream("customization.json")) {
            if (in == null) {
                throw new IllegalStateException("customization.json is missing from the generator's resources");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Customization parse(JsonNode root) {
        List<Group> groups = new ArrayList<>();
        root.path("groups").forEach(g -> {
            List<String> members = new ArrayList<>();
            g.path("members").forEach(m -> members.add(m.asText()));
            groups.add(new Group(
                    g.path("name").asText(),
                    g.path("setter").asText(),
                    g.path("doc").asText(),
                    List.copyOf(members)));
        });
        Map<String, List<String>> extras = new LinkedHashMap<>();
        root.path("extraMethods").fields().forEachRemaining(e -> {
            List<String> names = new ArrayList<>();
            e.getValue().forEach(n -> names.add(n.asText()));
            extras.put(e.getKey(), List.copyOf(names));
        });
        JsonNode docs = root.path("documentation");
        return new Customization(
                strings(root.path("renames")),
                List.copyOf(groups),
                Collections.unmodifiableMap(extras),
                strings(docs.path("shapes")),
                strings(docs.path("members")),
                strings(docs.path("operations")),
                strings(docs.path("errors")),
                strings(docs.path("clients")));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(map);
    }

    /**
     * Returns the documentation of a member: the type's own, else the one every type shares, else a plain
     * sentence.
     *
     * @param type the Java type's name
     * @param member the member's Java name
     * @return the documentation, one or more sentences
     */
    public String memberDoc(String type, String member) {
        String doc = memberDocs.get(type + "." + member);
        if (doc == null) {
            // "*Response.nextToken" documents the member of every type whose name ends in Response.
            for (Map.Entry<String, String> e : memberDocs.entrySet()) {
                String key = e.getKey();
                if (key.startsWith("*") && key.endsWith("." + member)) {
                    String suffix = key.substring(1, key.length() - member.length() - 1);
                    if (type.endsWith(suffix)) {
                        doc = e.getValue();
                        break;
                    }
                }
            }
        }
        if (doc == null) {
            doc = memberDocs.get(member);
        }
        return doc != null ? doc : "The {@code " + member + "} member.";
    }

    /**
     * Returns the documentation of a type.
     *
     * @param type the Java type's name
     * @param fallback the documentation when there is none
     * @return the documentation
     */
    public String shapeDoc(String type, String fallback) {
        return shapeDocs.getOrDefault(type, fallback);
    }
}
