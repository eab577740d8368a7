package dev.microvms.cli.internal;

import dev.microvms.project.ProjectFile;
import dev.microvms.project.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --project} option: the directory holding microvm.yml and the Dockerfile. */
public final class ProjectOptions {
    @Option(
            names = {"-p", "--project"},
            paramLabel = "DIR",
            description = "The project directory with microvm.yml and the Dockerfile (default: the current one).")
    Path directory = Path.of(".");

    /** @return the project directory, absolute */
    public Path directory() {
        return directory.toAbsolutePath().normalize();
    }

    /**
     * @return the project's microvm.yml, checked
     * @throws IOException when it cannot be read
     */
    public ProjectFile load() throws IOException {
        return ProjectFiles.load(ProjectFiles.in(directory()));
    }
}
