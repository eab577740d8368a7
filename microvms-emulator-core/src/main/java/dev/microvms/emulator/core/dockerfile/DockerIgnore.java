package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code .dockerignore} of a build context, with the rules of Docker's pattern matcher: one pattern a
 * line, {@code #} comments, {@code *}, {@code ?}, {@code **} and {@code !} exceptions; the last matching
 * pattern wins, and a pattern that matches a directory excludes what is under it.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exception) {}

    private static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Reads the context's .dockerignore; without one, nothing is excluded. */
    static DockerIgnore load(Path context) {
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            if (exception) {
                line = line.substring(1).strip();
            }
            String cleaned = clean(line);
            if (cleaned.isEmpty()) {
                continue;
            }
            rules.add(new Rule(PathPatterns.dockerignore(cleaned), exception));
        }
        return new DockerIgnore(rules);
    }

    /** Whether some pattern is an exception, so that an excluded directory may still hold included files. */
    boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /**
     * Tells whether a path of the context is excluded.
     *
     * @param relative the path relative to the context root, with {@code /} separators
     */
    boolean excludes(String relative) {
        String[] parents = relative.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            // Only a rule that could change the outcome is worth evaluating.
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.pattern().matcher(relative).matches();
            for (int i = 1; !match && i < parents.length; i++) {
                match = rule.pattern()
                        .matcher(String.join("/", List.of(parents).subList(0, i)))
                        .matches();
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Lexically cleans a pattern as Go's {@code filepath.Clean}, relative to the context root. */
    private static String clean(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")
                    && !parts.isEmpty()
                    && !parts.get(parts.size() - 1).equals("..")) {
                parts.remove(parts.size() - 1);
            } else if (!part.equals("..")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
