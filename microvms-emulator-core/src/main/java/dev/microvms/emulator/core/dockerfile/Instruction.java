package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One instruction of a Dockerfile, as written (variables are substituted later, by the assembler).
 *
 * <p>What {@link #arguments()} holds depends on the keyword:
 *
 * <ul>
 *   <li>RUN, CMD, ENTRYPOINT, SHELL: the elements of the JSON array when {@link #jsonForm()}, otherwise
 *       one element, the command line as written;
 *   <li>COPY, ADD, VOLUME: the sources and the destination (the JSON array's elements, or the words);
 *   <li>ENV, LABEL, ARG: one {@code name=value} (or, for ARG, {@code name}) per pair, the value still
 *       quoted: see {@link #pairs()};
 *   <li>FROM, EXPOSE: the words ({@code image}, or {@code image AS name});
 *   <li>WORKDIR, USER, STOPSIGNAL, MAINTAINER, ONBUILD: one element, the rest of the line;
 *   <li>HEALTHCHECK: {@code NONE}, or {@code CMD} followed by the command as for CMD.
 * </ul>
 *
 * @param line the 1-based line the instruction starts on
 * @param keyword the instruction
 * @param flags the flags before the arguments, in order (a flag may repeat, such as {@code --mount})
 * @param arguments the arguments, as described above
 * @param jsonForm whether the arguments were written as a JSON array (the exec form)
 * @param text the whole instruction on one line, continuations joined, for messages
 * @param trigger for ONBUILD, the instruction it registers; null otherwise
 */
public record Instruction(
        int line,
        Keyword keyword,
        List<Flag> flags,
        List<String> arguments,
        boolean jsonForm,
        String text,
        @Nullable Instruction trigger) {

    /** Copies the lists. */
    public Instruction {
        flags = List.copyOf(flags);
        arguments = List.copyOf(arguments);
    }

    /**
     * Returns the value of a flag; when the flag repeats, the last one wins, as in Docker.
     *
     * @param name the flag's name without dashes, such as {@code from}
     * @return the value, an empty string for a flag without a value, or empty when the flag is absent
     */
    public Optional<String> flag(String name) {
        String found = null;
        for (Flag flag : flags) {
            if (flag.name().equals(name)) {
                String value = flag.value();
                found = value == null ? "" : value;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Returns the {@code name=value} pairs of an ENV, LABEL or ARG instruction.
     *
     * @return the pairs in order, values still quoted as written; empty for other instructions
     */
    public List<NameValue> pairs() {
        if (keyword != Keyword.ENV && keyword != Keyword.LABEL && keyword != Keyword.ARG) {
            return List.of();
        }
        List<NameValue> pairs = new ArrayList<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            pairs.add(
                    equals < 0
                            ? new NameValue(argument, null)
                            : new NameValue(argument.substring(0, equals), argument.substring(equals + 1)));
        }
        return pairs;
    }
}
