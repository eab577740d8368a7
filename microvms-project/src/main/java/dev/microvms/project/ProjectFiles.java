package dev.microvms.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        ProjectFile project;
        try {
            project = MAPPER.readValue(text, ProjectFile.class);
        } catch (UnrecognizedPropertyException e) {
            // Records are bound after their whole section is read, so the exception's own location is the
            // section's end; the key's location comes from a second, streaming read.
            throw new ProjectFileException(List.of(at(source, locate(text, e)) + "unknown key '" + e.getPropertyName()
                    + "'" + where(e) + "; known keys there: "
                    + e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "))
                    + "."));
        } catch (MismatchedInputException e) {
            throw new ProjectFileException(List.of(at(source, locate(text, e)) + "'" + path(e.getPath()) + "' must be "
                    + expected(e.getTargetType()) + "; see the example at the top of a generated " + FILE_NAME + "."));
        } catch (JsonMappingException e) {
            throw new ProjectFileException(List.of(
                    at(source, locate(text, e)) + "'" + path(e.getPath()) + "': " + firstLine(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new ProjectFileException(
                    List.of(at(source, e.getLocation()) + "not valid YAML: " + firstLine(e.getOriginalMessage())));
        }
        List<ProjectFileRules.Problem> problems = new ProjectFileRules(project).problems();
        if (!problems.isEmpty()) {
            // One streaming read finds the line of every problem.
            Map<String, JsonLocation> locations = locations(text);
            throw new ProjectFileException(problems.stream()
                    .map(p -> at(source, locations.get(p.path())) + p.message())
                    .toList());
        }
        return project;
    }

    private static String at(String source, @Nullable JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    private static String where(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        if (refs.size() <= 1) {
            return " at the top level";
        }
        return " in '" + path(refs.subList(0, refs.size() - 1)) + "'";
    }

    private static @Nullable JsonLocation locate(String text, JsonMappingException e) {
        JsonLocation key = locations(text).get(path(e.getPath()));
        return key != null ? key : e.getLocation();
    }

    /** What a value of the type looks like in YAML. */
    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list, such as [A, B]";
        }
        return "a section of 'key: value' lines";
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
