package dev.microvms.emulator.core.dockerfile;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The Dockerfile instructions the parser knows, and the flags each of them accepts. */
public enum Keyword {
    ADD(Set.of("chown", "chmod", "link", "checksum", "keep-git-dir")),
    ARG(Set.of()),
    CMD(Set.of()),
    COPY(Set.of("from", "chown", "chmod", "link")),
    ENTRYPOINT(Set.of()),
    ENV(Set.of()),
    EXPOSE(Set.of()),
    FROM(Set.of("platform")),
    HEALTHCHECK(Set.of("interval", "timeout", "start-period", "start-interval", "retries")),
    LABEL(Set.of()),
    MAINTAINER(Set.of()),
    ONBUILD(Set.of()),
    RUN(Set.of("mount", "network", "security")),
    SHELL(Set.of()),
    STOPSIGNAL(Set.of()),
    USER(Set.of()),
    VOLUME(Set.of()),
    WORKDIR(Set.of());

    @SuppressWarnings("ImmutableEnumChecker") // Set.of is immutable
    private final Set<String> flags;

    Keyword(Set<String> flags) {
        this.flags = flags;
    }

    /**
     * Returns the flags this instruction accepts.
     *
     * @return flag names without the leading dashes
     */
    public Set<String> flags() {
        return flags;
    }

    /**
     * Finds the keyword for a word of a Dockerfile, ignoring case as Docker does.
     *
     * @param word the first word of an instruction
     * @return the keyword, or empty when the word names no instruction
     */
    public static Optional<Keyword> find(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (Keyword keyword : values()) {
            if (keyword.name().equals(upper)) {
                return Optional.of(keyword);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds the keyword closest to a misspelt word, for a "did you mean" hint.
     *
     * @param word an unknown instruction
     * @return the closest keyword when it is near enough to be a likely typo
     */
    public static Optional<Keyword> closest(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        Keyword best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Keyword keyword : values()) {
            int distance = distance(upper, keyword.name());
            if (distance < bestDistance) {
                best = keyword;
                bestDistance = distance;
            }
        }
        // A third of the keyword's length keeps RNU -> RUN and ENTRYPONT -> ENTRYPOINT, but not XYZ -> ENV.
        if (best == null || bestDistance > Math.max(1, best.name().length() / 3)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** Edit distance where swapping two neighbouring letters costs one edit, as typos usually do. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
