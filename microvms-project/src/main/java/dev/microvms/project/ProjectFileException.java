package dev.microvms.project;

import java.util.List;

/** A {@code microvm.yml} that is missing, not YAML, or has values the service would refuse. */
public final class ProjectFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems each problem, starting with {@code microvm.yml:LINE:COLUMN:} where known */
    public ProjectFileException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** @return each problem, one per line of the message */
    public List<String> problems() {
        return problems;
    }
}
