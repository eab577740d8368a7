package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Parses one logical line (continuations joined) into an {@link Instruction}, keyword by keyword. */
final class InstructionParser {

    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");
    private static final Set<String> BOOLEAN_FLAGS = Set.of("link", "keep-git-dir");

    private final char escape;

    InstructionParser(char escape) {
        this.escape = escape;
    }

    Instruction parse(String logicalLine, int line) {
        String text = logicalLine.strip();
        String[] split = text.split("\\s+", 2);
        String word = split[0];
        String afterKeyword = split.length > 1 ? split[1] : "";
        Keyword keyword = Keyword.find(word).orElseThrow(() -> unknown(word, line));
        Words.FlagsAndRest flagsAndRest = Words.flags(afterKeyword);
        List<Flag> flags = flags(keyword, flagsAndRest.flags(), line);
        String rest = flagsAndRest.rest().strip();
        switch (keyword) {
            case RUN:
            case CMD:
            case ENTRYPOINT:
                return command(line, keyword, flags, rest, text);
            case SHELL:
                List<String> shell = json(rest, line);
                if (shell == null || shell.isEmpty()) {
                    throw new DockerfileException(
                            line, "SHELL requires the arguments in JSON form, such as SHELL [\"/bin/bash\", \"-c\"]");
                }
                return new Instruction(line, keyword, flags, shell, true, text, null);
            case COPY:
            case ADD:
                return copy(line, keyword, flags, rest, text);
            case VOLUME:
                return volume(line, flags, rest, text);
            case FROM:
                return from(line, flags, rest, text);
            case ARG:
                return arg(line, flags, rest, text);
            case ENV:
            case LABEL:
                return new Instruction(line, keyword, flags, nameValues(keyword, rest, line), false, text, null);
            case EXPOSE:
                return new Instruction(
                        line, keyword, flags, required(keyword, Words.whitespace(rest), line), false, text, null);
            case WORKDIR:
            case USER:
            case STOPSIGNAL:
            case MAINTAINER:
                return new Instruction(line, keyword, flags, required(keyword, whole(rest), line), false, text, null);
            case HEALTHCHECK:
                return healthcheck(line, flags, rest, text);
            case ONBUILD:
                return onbuild(line, flags, rest, text);
        }
        throw new AssertionError(keyword);
    }

    private static DockerfileException unknown(String word, int line) {
        Optional<Keyword> closest = Keyword.closest(word);
        if (closest.isPresent()) {
            return new DockerfileException(
                    line, "unknown instruction '" + word + "'; did you mean " + closest.get() + "?");
        }
        return new DockerfileException(
                line,
                "unknown instruction '" + word + "'; the instructions are "
                        + Arrays.stream(Keyword.values()).map(Keyword::name).collect(Collectors.joining(", ")));
    }

    private static List<Flag> flags(Keyword keyword, List<String> words, int line) {
        List<Flag> flags = new ArrayList<>();
        for (String word : words) {
            String body = word.substring(2);
            int equals = body.indexOf('=');
            String name = equals < 0 ? body : body.substring(0, equals);
            String value = equals < 0 ? null : body.substring(equals + 1);
            if (!keyword.flags().contains(name)) {
                throw new DockerfileException(
                        line,
                        "unknown flag --" + name + " for " + keyword
                                + (keyword.flags().isEmpty()
                                        ? ", which takes no flags"
                                        : "; it takes "
                                                + keyword.flags().stream()
                                                        .sorted()
                                                        .map(f -> "--" + f)
                                                        .collect(Collectors.joining(", "))));
            }
            if (value == null && !BOOLEAN_FLAGS.contains(name)) {
                throw new DockerfileException(
                        line, "flag --" + name + " of " + keyword + " needs a value: --" + name + "=...");
            }
            flags.add(new Flag(name, value));
        }
        return flags;
    }

    private Instruction command(int line, Keyword keyword, List<Flag> flags, String rest, String text) {
        if (rest.isEmpty()) {
            throw new DockerfileException(
                    line,
                    keyword + " needs a command: " + keyword + " <command> or " + keyword
                            + " [\"executable\", \"arg\"]");
        }
        List<String> exec = json(rest, line);
        if (exec != null) {
            return new Instruction(line, keyword, flags, exec, true, text, null);
        }
        if (keyword == Keyword.RUN) {
            rejectHeredoc(rest, line);
        }
        return new Instruction(line, keyword, flags, List.of(rest), false, text, null);
    }

    private Instruction copy(int line, Keyword keyword, List<Flag> flags, String rest, String text) {
        List<String> exec = json(rest, line);
        if (exec == null) {
            rejectHeredoc(rest, line);
        }
        List<String> arguments = exec != null ? exec : Words.whitespace(rest);
        if (arguments.size() < 2) {
            throw new DockerfileException(
                    line,
                    keyword + " requires at least two arguments, a source and a destination, but "
                            + (arguments.isEmpty() ? "none was" : "only one was")
                            + " provided: " + keyword + " <source>... <destination>");
        }
        return new Instruction(line, keyword, flags, arguments, exec != null, text, null);
    }

    private Instruction volume(int line, List<Flag> flags, String rest, String text) {
        List<String> exec = json(rest, line);
        List<String> arguments = required(Keyword.VOLUME, exec != null ? exec : Words.whitespace(rest), line);
        for (String argument : arguments) {
            if (argument.isBlank()) {
                throw new DockerfileException(line, "VOLUME cannot be an empty string");
            }
        }
        return new Instruction(line, Keyword.VOLUME, flags, arguments, exec != null, text, null);
    }

    private static Instruction from(int line, List<Flag> flags, String rest, String text) {
        List<String> words = Words.whitespace(rest);
        boolean named = words.size() == 3 && words.get(1).equalsIgnoreCase("as");
        if (words.size() != 1 && !named) {
            throw new DockerfileException(
                    line,
                    "FROM takes an image and an optional stage name: FROM <image> [AS <name>], not: FROM " + rest);
        }
        if (named) {
            String name = words.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(name).matches()) {
                throw new DockerfileException(
                        line,
                        "invalid stage name '" + words.get(2)
                                + "': it must start with a letter and hold only letters, digits, '-', '_' and '.'");
            }
        }
        return new Instruction(line, Keyword.FROM, flags, words, false, text, null);
    }

    private Instruction arg(int line, List<Flag> flags, String rest, String text) {
        List<String> words = required(Keyword.ARG, Words.quoted(rest, escape), line);
        for (String word : words) {
            if (word.startsWith("=")) {
                throw new DockerfileException(line, "ARG '" + word + "' has no name: write ARG <name>[=<default>]");
            }
        }
        return new Instruction(line, Keyword.ARG, flags, words, false, text, null);
    }

    /** ENV and LABEL: {@code name=value ...}, or the legacy {@code name value} with the rest of the line as value. */
    private List<String> nameValues(Keyword keyword, String rest, int line) {
        List<String> words = Words.quoted(rest, escape);
        if (words.isEmpty()) {
            throw new DockerfileException(
                    line, keyword + " needs a name and a value: " + keyword + " <name>=<value> ...");
        }
        if (!words.get(0).contains("=")) {
            String[] parts = rest.split("\\s+", 2);
            if (parts.length < 2) {
                throw new DockerfileException(
                        line,
                        keyword + " " + parts[0] + " has no value: write " + keyword + " " + parts[0] + "=<value>");
            }
            return List.of(parts[0] + "=" + parts[1]);
        }
        for (String word : words) {
            if (!word.contains("=") || word.startsWith("=")) {
                throw new DockerfileException(
                        line,
                        "syntax error: can't find a name=value pair in '" + word + "'; " + keyword
                                + " takes name=value pairs (quote values with spaces: name=\"a b\")");
            }
        }
        return words;
    }

    private Instruction healthcheck(int line, List<Flag> flags, String rest, String text) {
        String[] split = rest.split("\\s+", 2);
        String type = split[0].toUpperCase(Locale.ROOT);
        if (type.equals("NONE") && split.length == 1) {
            return new Instruction(line, Keyword.HEALTHCHECK, flags, List.of("NONE"), false, text, null);
        }
        if (!type.equals("CMD") || split.length < 2) {
            throw new DockerfileException(line, "HEALTHCHECK takes NONE or CMD <command>, not: HEALTHCHECK " + rest);
        }
        List<String> exec = json(split[1], line);
        List<String> arguments = new ArrayList<>();
        arguments.add("CMD");
        arguments.addAll(exec != null ? exec : List.of(split[1].strip()));
        return new Instruction(line, Keyword.HEALTHCHECK, flags, arguments, exec != null, text, null);
    }

    private Instruction onbuild(int line, List<Flag> flags, String rest, String text) {
        if (rest.isEmpty()) {
            throw new DockerfileException(line, "ONBUILD needs an instruction: ONBUILD <instruction>");
        }
        Instruction trigger = parse(rest, line);
        Keyword chained = trigger.keyword();
        if (chained == Keyword.ONBUILD || chained == Keyword.FROM || chained == Keyword.MAINTAINER) {
            throw new DockerfileException(line, "ONBUILD cannot trigger " + chained);
        }
        return new Instruction(line, Keyword.ONBUILD, flags, List.of(rest), false, text, trigger);
    }

    private static @Nullable List<String> json(String rest, int line) {
        try {
            return JsonStringArray.parse(rest);
        } catch (IllegalArgumentException e) {
            throw new DockerfileException(line, e.getMessage(), e);
        }
    }

    private void rejectHeredoc(String rest, int line) {
        if (Words.hasHeredoc(rest, escape)) {
            throw new DockerfileException(
                    line,
                    "heredocs (<<EOF) are not supported by the emulator: put the script in a file of the build"
                            + " context, COPY it into the image and RUN it");
        }
    }

    private static List<String> whole(String rest) {
        return rest.isEmpty() ? List.of() : List.of(rest);
    }

    private static List<String> required(Keyword keyword, List<String> arguments, int line) {
        if (arguments.isEmpty()) {
            throw new DockerfileException(line, keyword + " requires at least one argument");
        }
        return arguments;
    }
}
