package dev.microvms.emulator.core.dockerfile;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Dockerfile: its instructions in order, and its parser directives.
 *
 * <pre>{@code
 * Dockerfile dockerfile = Dockerfile.parse(Files.readString(context.resolve("Dockerfile")));
 * for (Instruction instruction : dockerfile.instructions()) {
 *     System.out.println(instruction.line() + " " + instruction.keyword());
 * }
 * }</pre>
 */
public final class Dockerfile {

    private final List<Instruction> instructions;
    private final char escape;
    private final @Nullable String syntax;
    private final List<String> notes;

    Dockerfile(List<Instruction> instructions, char escape, @Nullable String syntax, List<String> notes) {
        this.instructions = List.copyOf(instructions);
        this.escape = escape;
        this.syntax = syntax;
        this.notes = List.copyOf(notes);
    }

    /**
     * Parses a Dockerfile as BuildKit does: parser directives ({@code # escape=`}, {@code # syntax=...}),
     * comments, continuations, case-insensitive keywords, JSON and shell forms, flags. Variables are not
     * substituted here; {@link ImageAssembler} does that with the values in scope.
     *
     * @param text the Dockerfile's content
     * @return the parsed Dockerfile
     * @throws DockerfileException for an unknown instruction or flag, a malformed instruction, a heredoc,
     *     an instruction other than ARG before the first FROM, a duplicate stage name or no FROM at all
     */
    public static Dockerfile parse(String text) {
        return DockerfileParser.parse(text);
    }

    /**
     * Returns the instructions.
     *
     * @return the instructions in order, with their line numbers
     */
    public List<Instruction> instructions() {
        return instructions;
    }

    /**
     * Returns the escape character.
     *
     * @return {@code \} unless an {@code # escape=`} directive changed it
     */
    public char escape() {
        return escape;
    }

    /**
     * Returns the {@code # syntax=} directive; it is recorded only, the emulator's own parser reads the file.
     *
     * @return the frontend image the Dockerfile asked for, if any
     */
    public Optional<String> syntax() {
        return Optional.ofNullable(syntax);
    }

    /**
     * Returns what the parser noticed without failing, such as empty continuation lines.
     *
     * @return notes for the build log, each starting with {@code line N:}
     */
    public List<String> notes() {
        return notes;
    }
}
