package dev.microvms.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code microvm.yml}. Every message starts with {@code microvm.yml:LINE:COLUMN:} and says how to fix the
 * value, so that an editor can jump to it.
 */
public final class ProjectFiles {
    /** The project file's name, at the project's root. */
    public static final String FILE_NAME = "microvm.yml";

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private ProjectFiles() {}

    /**
     * @param directory a project directory
     * @return its {@code microvm.yml}
     */
    public static Path in(Path directory) {
        return directory.resolve(FILE_NAME);
    }

    /**
     * Reads and checks a project file.
     *
     * @param file the {@code microvm.yml}
     * @return its settings
     * @throws ProjectFileException when it is missing, not YAML, or has a value the service would refuse
     * @throws IOException when it cannot be read
     */
    public static ProjectFile load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProjectFileException(List.of("There is no " + FILE_NAME + " in "
                    + file.toAbsolutePath().getParent() + "; run the command in a project directory, give"
                    + " --project DIR, or create a project with 'lambda-microvms new NAME'."));
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * Parses and checks a project file's text.
     *
     * @param text the YAML
     * @param source the name to start messages with, such as {@code microvm.yml}
     * @return its settings
     * @throws ProjectFileException when it is not YAML or has a value the service would refuse
     */
    public static ProjectFile parse(String text, String source) {
        if (text.isBlank()) {
            throw new ProjectFileException(List.of(source + ":1:1: the file is empty; it needs at least 'name:'."));
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProjectFileException(List.of(at(source, e.getLocation()) + "not valid YAML: "
                    + firstLine(e.getOriginalMessage()) + hint(e.getOriginalMessage())));
        }
        if (!(tree instanceof ObjectNode top)) {
            throw new ProjectFileException(List.of(source + ":1:1: the file must be 'key: value' lines, such as"
                    + " 'name: my-app'; see the keys in a file made by 'lambda-microvms new'."));
        }
        // Every problem at once: the shape first (unknown keys, values of the wrong kind, taken out of the tree),
        // then the service's rules on what is left.
        List<ProjectFileRules.Problem> problems = new ArrayList<>(ProjectFileShape.check(top, ProjectFile.class));
        ProjectFile project;
        try {
            project = MAPPER.treeToValue(top, ProjectFile.class);
        } catch (JsonProcessingException e) {
            throw new ProjectFileException(List.of(at(source, locations(text).get(path(e))) + "'" + path(e) + "': "
                    + firstLine(e.getOriginalMessage())));
        }
        Set<String> shaped =
                problems.stream().map(ProjectFileRules.Problem::path).collect(Collectors.toSet());
        new ProjectFileRules(project)
                .problems().stream().filter(p -> !shaped.contains(p.path())).forEach(problems::add);
        if (!problems.isEmpty()) {
            // One streaming read finds the line of every problem; they are reported from the top of the file.
            Map<String, JsonLocation> locations = locations(text);
            throw new ProjectFileException(problems.stream()
                    .map(p -> new Located(locate(locations, p.path()), p.message()))
                    .sorted(Comparator.comparingInt(Located::line).thenComparingInt(Located::column))
                    .map(l -> at(source, l.location()) + l.message())
                    .toList());
        }
        return project;
    }

    /** The location of a path, else of the nearest section above it that is in the file. */
    private static @Nullable JsonLocation locate(Map<String, JsonLocation> locations, String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            JsonLocation location = locations.get(p);
            if (location != null) {
                return location;
            }
        }
        return null;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** A problem and where it is, if that is known; unknown places sort last. */
    private record Located(@Nullable JsonLocation location, String message) {
        int line() {
            return location == null || location.getLineNr() < 1 ? Integer.MAX_VALUE : location.getLineNr();
        }

        int column() {
            return location == null ? 0 : location.getColumnNr();
        }
    }

    /** What to look at for YAML's messages about indentation, which point at a line but not at the cause. */
    private static String hint(String message) {
        return message.contains("mapping values are not allowed")
                        || message.contains("expected <block end>")
                        || message.contains("could not find expected ':'")
                ? " (is this line indented as the other keys of its section, with spaces only?)"
                : "";
    }

    private static String path(JsonProcessingException e) {
        return e instanceof JsonMappingException m ? path(m.getPath()) : "";
    }

    private static String at(String source, @Nullable JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The location of each key and list item, by dotted path such as {@code run.ingress[1]}. */
    static Map<String, JsonLocation> locations(String text) {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                String path = dotted(parser.getParsingContext().pathAsPointer().toString());
                if (!path.isEmpty()) {
                    locations.putIfAbsent(path, parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // The text was bound already, so this cannot happen; without locations, messages still name keys.
        }
        return locations;
    }

    /** {@code /run/ingress/1} as {@code run.ingress[1]}. */
    private static String dotted(String pointer) {
        StringBuilder s = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                s.append('[').append(name).append(']');
            } else {
                s.append(s.length() == 0 ? "" : ".").append(name);
            }
        }
        return s.toString();
    }
}
