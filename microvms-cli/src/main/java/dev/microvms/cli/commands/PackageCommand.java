package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.Table;
import dev.microvms.project.BuildStep;
import dev.microvms.project.Packager;
import dev.microvms.project.ProjectFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code package}: the project's build, then its zip with the Dockerfile at the root. */
@Command(
        name = "package",
        mixinStandardHelpOptions = true,
        description = {
            "Run the project's build (artifact.build in microvm.yml), then zip the Dockerfile and the build context"
                    + " that .dockerignore lets through. The same files always give the same zip.",
        })
public final class PackageCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ProjectOptions project;

    @Mixin
    OutputOptions output;

    @Option(names = "--skip-build", description = "Zip what is there without running artifact.build.")
    boolean skipBuild;

    /** @param context this run's context */
    public PackageCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ProjectFile file = project.load();
        Packager.Result result = pack(context, project, file, skipBuild);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("artifact", result.zip().toString());
        json.put("bytes", result.bytes());
        json.put("sha256", result.sha256());
        json.put("files", result.files());
        new Printer(context.out(), output.format())
                .print(
                        json,
                        Table.of("ARTIFACT", "BYTES", "FILES", "SHA256")
                                .row(
                                        result.zip(),
                                        result.bytes(),
                                        result.files().size(),
                                        result.sha256())
                                .build());
        return ExitCodes.OK;
    }

    /** The build step (unless skipped) and the zip, with progress on stderr. */
    static Packager.Result pack(CliContext context, ProjectOptions project, ProjectFile file, boolean skipBuild)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        if (!skipBuild && file.artifact().build() != null) {
            context.err().println("Building: " + file.artifact().build());
            context.err().flush();
            BuildStep.run(project.directory(), file.artifact().build(), context.err());
        }
        Packager.Result result = Packager.pack(
                project.directory(), project.directory().resolve(file.artifact().outputOrDefault()));
        context.err()
                .printf(
                        "Packaged %d files, %d bytes, in %s (%d ms)%n",
                        result.files().size(), result.bytes(), result.zip(), (System.nanoTime() - start) / 1_000_000);
        context.err().flush();
        return result;
    }
}
