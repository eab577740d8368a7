package dev.microvms.cli.internal;

import picocli.CommandLine.Option;

/** The {@code --output} option. */
public final class OutputOptions {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "json, text or table (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.table;

    /** @return the format asked for */
    public OutputFormat format() {
        return format;
    }
}
