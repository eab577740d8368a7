package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Dockerfile's lines as BuildKit does: parser directives at the top, comments, continuations with
 * the escape character (comment lines and empty lines inside a continuation are dropped), then hands
 * each logical line to {@link InstructionParser} and checks the stages.
 */
final class DockerfileParser {

    private static final Pattern DIRECTIVE =
            Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");

    private char escape = '\\';
    private @Nullable String syntax;
    private final List<String> notes = new ArrayList<>();

    private DockerfileParser() {}

    static Dockerfile parse(String text) {
        DockerfileParser parser = new DockerfileParser();
        List<Instruction> instructions = parser.read(text);
        checkStages(instructions);
        return new Dockerfile(instructions, parser.escape, parser.syntax, parser.notes);
    }

    private List<Instruction> read(String text) {
        String[] lines = text.split("\r?\n", -1);
        if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        List<Instruction> instructions = new ArrayList<>();
        boolean directivesDone = false;
        Map<String, Integer> seen = new HashMap<>();
        int i = 0;
        while (i < lines.length) {
            String first = lines[i].stripLeading();
            int start = ++i;
            if (!directivesDone) {
                directivesDone = !directive(first, start, seen);
            }
            if (first.startsWith("#")) {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            boolean end = continuation(first, logical);
            if (end && logical.length() == 0) {
                continue;
            }
            boolean emptyContinuation = false;
            while (!end && i < lines.length) {
                String next = lines[i++];
                if (next.stripLeading().startsWith("#")) {
                    continue;
                }
                if (next.isBlank()) {
                    emptyContinuation = true;
                    continue;
                }
                end = continuation(next, logical);
            }
            if (emptyContinuation) {
                notes.add("line " + start + ": empty continuation line(s) inside the instruction; Docker will"
                        + " reject them in a future release, so remove them");
            }
            instructions.add(new InstructionParser(escape).parse(logical.toString(), start));
        }
        if (instructions.isEmpty()) {
            throw new DockerfileException(0, "the Dockerfile has no instructions: it needs at least FROM <base image>");
        }
        return instructions;
    }

    /** Returns whether the line was a parser directive; the first line that is not ends them. */
    private boolean directive(String line, int number, Map<String, Integer> seen) {
        Matcher matcher = DIRECTIVE.matcher(line);
        if (!matcher.matches()) {
            return false;
        }
        String key = matcher.group(1).toLowerCase(Locale.ROOT);
        if (!DIRECTIVES.contains(key)) {
            return false;
        }
        Integer previous = seen.put(key, number);
        if (previous != null) {
            throw new DockerfileException(
                    number,
                    "only one " + key + " parser directive can be used (the first is on line " + previous + ")");
        }
        String value = matcher.group(2);
        if (key.equals("escape")) {
            if (!value.equals("\\") && !value.equals("`")) {
                throw new DockerfileException(
                        number, "invalid escape character '" + value + "': the escape directive takes \\ or `");
            }
            escape = value.charAt(0);
        } else if (key.equals("syntax")) {
            syntax = value;
        }
        return true;
    }

    /** Appends the line without its continuation character; returns whether the instruction ends here. */
    private boolean continuation(String line, StringBuilder logical) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape) {
            logical.append(line, 0, end - 1);
            return false;
        }
        logical.append(line);
        return true;
    }

    /** Only ARG may come before the first FROM; stage names are unique. */
    private static void checkStages(List<Instruction> instructions) {
        boolean inStage = false;
        Map<String, Integer> names = new HashMap<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword() == Keyword.FROM) {
                inStage = true;
                List<String> words = instruction.arguments();
                if (words.size() == 3) {
                    String name = words.get(2).toLowerCase(Locale.ROOT);
                    Integer previous = names.put(name, instruction.line());
                    if (previous != null) {
                        throw new DockerfileException(
                                instruction.line(),
                                "duplicate stage name '" + name + "' (also on line " + previous
                                        + "): give each stage its own name");
                    }
                }
            } else if (!inStage && instruction.keyword() != Keyword.ARG) {
                throw new DockerfileException(
                        instruction.line(),
                        instruction.keyword() + " comes before the first FROM; only ARG may come before FROM:"
                                + " start the Dockerfile with FROM <base image>");
            }
        }
        if (!inStage) {
            throw new DockerfileException(0, "the Dockerfile has no FROM instruction: add FROM <base image>");
        }
    }
}
