package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Takes the base image's package-manager operations ({@code dnf install}, {@code apt-get update}, ...)
 * out of a RUN command, because they cannot run on the host that stands in for the base image.
 *
 * <p>Only a plain chain of simple commands joined by {@code &&} and {@code ;} is split: a skipped command
 * counts as one that succeeded, so {@code dnf install -y x && mkdir /data} becomes {@code mkdir /data}.
 * Any other shell syntax (pipes, {@code ||}, subshells, {@code if}/{@code for}, command substitution,
 * background jobs, heredocs, comments) makes the split unsafe: then the whole command is skipped if it
 * starts with a package manager, and run as written otherwise.
 */
final class PackageManagerSteps {

    private static final Set<String> MANAGERS = Set.of(
            "dnf", "dnf5", "microdnf", "yum", "tdnf", "rpm", "apt-get", "apt", "aptitude", "dpkg", "apk", "zypper");
    private static final Set<String> RESERVED = Set.of(
            "if",
            "then",
            "else",
            "elif",
            "fi",
            "for",
            "while",
            "until",
            "do",
            "done",
            "case",
            "esac",
            "function",
            "select",
            "!",
            "[[",
            "{",
            "}");

    /**
     * What to do with a RUN command.
     *
     * @param run the command to run, or null when nothing is left to run
     * @param skipped the package-manager commands taken out, as written
     * @param unsplittable the shell syntax that prevented a split, or null when the command was split
     */
    record Plan(@Nullable String run, List<String> skipped, @Nullable String unsplittable) {}

    private PackageManagerSteps() {}

    /** Plans a shell-form RUN command. */
    static Plan plan(String command) {
        List<List<String>> lists = new ArrayList<>();
        String unsplittable = split(command, lists);
        if (unsplittable != null) {
            if (isPackageManager(firstCommand(command))) {
                return new Plan(null, List.of(command.strip()), unsplittable);
            }
            return new Plan(command, List.of(), unsplittable);
        }
        List<String> skipped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        boolean lastDropped = false;
        for (List<String> andList : lists) {
            List<String> keptCommands = new ArrayList<>();
            for (String simple : andList) {
                if (isPackageManager(simple)) {
                    skipped.add(simple);
                } else {
                    keptCommands.add(simple);
                }
            }
            lastDropped = keptCommands.isEmpty();
            if (!lastDropped) {
                kept.add(String.join(" && ", keptCommands));
            }
        }
        if (skipped.isEmpty()) {
            return new Plan(command, List.of(), null);
        }
        if (kept.isEmpty()) {
            return new Plan(null, skipped, null);
        }
        // "a; dnf clean all" ends with the skipped command's success, whatever a did: keep that.
        if (lastDropped) {
            kept.add("true");
        }
        return new Plan(String.join("; ", kept), skipped, null);
    }

    /** Whether an exec-form RUN runs a package manager. */
    static boolean isPackageManager(List<String> argv) {
        return !argv.isEmpty() && MANAGERS.contains(basename(argv.get(0)));
    }

    /** Whether an exec-form RUN is a shell running a script, such as {@code ["/bin/sh", "-c", "..."]}. */
    static boolean isShellScript(List<String> argv) {
        return argv.size() == 3
                && argv.get(1).equals("-c")
                && Set.of("sh", "bash", "ash", "dash", "zsh").contains(basename(argv.get(0)));
    }

    /**
     * Splits a command into lists (separated by {@code ;} or newlines) of simple commands (joined by
     * {@code &&}).
     *
     * @return null when split, otherwise the syntax that makes a split unsafe
     */
    private static @Nullable String split(String command, List<List<String>> lists) {
        List<String> andList = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean wordStart = true;
        int i = 0;
        while (i < command.length()) {
            char ch = command.charAt(i);
            char next = i + 1 < command.length() ? command.charAt(i + 1) : 0;
            char previous = i > 0 ? command.charAt(i - 1) : 0;
            if (ch == '\\' && next != 0) {
                current.append(ch).append(next);
                i += 2;
                wordStart = false;
                continue;
            }
            if (ch == '\'') {
                int close = command.indexOf('\'', i + 1);
                if (close < 0) {
                    return "an unclosed quote";
                }
                current.append(command, i, close + 1);
                i = close + 1;
                wordStart = false;
                continue;
            }
            if (ch == '"') {
                int close = closingDoubleQuote(command, i + 1);
                if (close < 0) {
                    return "an unclosed quote";
                }
                String quoted = command.substring(i, close + 1);
                if (quoted.contains("$(") || quoted.contains("`")) {
                    return "command substitution";
                }
                current.append(quoted);
                i = close + 1;
                wordStart = false;
                continue;
            }
            if (ch == '&' && next == '&') {
                if (!add(current, andList)) {
                    return "an empty command";
                }
                i += 2;
                wordStart = true;
                continue;
            }
            if (ch == ';' || ch == '\n') {
                if (!add(current, andList)) {
                    return "an empty command";
                }
                lists.add(andList);
                andList = new ArrayList<>();
                i++;
                wordStart = true;
                continue;
            }
            String syntax = syntax(ch, next, previous, wordStart);
            if (syntax != null) {
                return syntax;
            }
            current.append(ch);
            wordStart = Character.isWhitespace(ch);
            i++;
        }
        if (current.toString().isBlank()) {
            if (!andList.isEmpty()) {
                return "a trailing &&";
            }
        } else {
            add(current, andList);
        }
        if (!andList.isEmpty()) {
            lists.add(andList);
        }
        for (List<String> list : lists) {
            for (String simple : list) {
                String first = firstWord(simple);
                if (RESERVED.contains(first)) {
                    return "'" + first + "'";
                }
            }
        }
        return null;
    }

    private static @Nullable String syntax(char ch, char next, char previous, boolean wordStart) {
        if (ch == '|') {
            return next == '|' ? "'||'" : "a pipe";
        }
        if (ch == '&' && previous != '>' && previous != '<' && next != '>') {
            return "a background job (&)";
        }
        if (ch == '(' || ch == ')') {
            return previous == '$' ? "command substitution" : "a subshell";
        }
        if (ch == '`') {
            return "command substitution";
        }
        if (ch == '<' && next == '<') {
            return "a heredoc";
        }
        if (ch == '#' && wordStart) {
            return "a comment";
        }
        if ((ch == '{' || ch == '}') && wordStart && previous != '$') {
            return "a command group";
        }
        return null;
    }

    private static int closingDoubleQuote(String command, int from) {
        for (int i = from; i < command.length(); i++) {
            char ch = command.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean add(StringBuilder current, List<String> andList) {
        String simple = current.toString().strip();
        current.setLength(0);
        if (simple.isEmpty()) {
            return false;
        }
        andList.add(simple);
        return true;
    }

    private static boolean isPackageManager(String simple) {
        return MANAGERS.contains(basename(firstCommand(simple)));
    }

    /** The program a simple command runs, past variable assignments and {@code sudo}. */
    private static String firstCommand(String simple) {
        for (String word : simple.strip().split("\\s+", -1)) {
            if (word.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || word.equals("sudo")) {
                continue;
            }
            return word;
        }
        return "";
    }

    private static String firstWord(String simple) {
        String[] words = simple.strip().split("\\s+", 2);
        return words[0].toLowerCase(Locale.ROOT);
    }

    private static String basename(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }

    /** Whether the command names a package manager anywhere, for the note on an unsplit command. */
    static boolean mentionsPackageManager(String command) {
        for (String word : command.split("[\\s;&|()`]+", -1)) {
            if (MANAGERS.contains(basename(word))) {
                return true;
            }
        }
        return false;
    }
}
