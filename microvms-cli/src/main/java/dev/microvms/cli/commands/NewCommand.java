package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.Launcher;
import dev.microvms.cli.internal.Scaffold;
import dev.microvms.cli.internal.VersionProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code new NAME}: a Java MicroVM project that builds and passes its own tests as generated. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = {
            "Create a Java MicroVM project: a Maven app using the guest library, a Dockerfile, microvm.yml with the"
                    + " hooks enabled, a README, .env.example, a unit test and a test that runs the app in the"
                    + " emulator.",
            "Templates: http (an HTTP service), worker (a job from the run payload), stream (SSE and WebSocket),"
                    + " spring-boot (a Spring Boot app whose hooks are Spring beans)."
        })
public final class NewCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "NAME", description = "The project's name, such as hello-service; also the image's.")
    String name = "";

    @Option(
            names = {"-t", "--template"},
            paramLabel = "TEMPLATE",
            converter = TemplateConverter.class,
            completionCandidates = TemplateNames.class,
            description = "http, worker, stream or spring-boot (default: ${DEFAULT-VALUE}).")
    Scaffold.Template template = Scaffold.Template.HTTP;

    @Option(names = "--package", paramLabel = "PACKAGE", description = "The Java package (default: com.example.NAME).")
    @Nullable
    String javaPackage;

    @Option(
            names = {"-d", "--directory"},
            paramLabel = "DIR",
            description = "Where to create it (default: ./NAME).")
    @Nullable
    Path directory;

    /** @param context this run's context */
    public NewCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Path target = directory != null ? directory : Path.of(name);
        List<String> files = Scaffold.write(target, name, javaPackage, template, VersionProvider.kitVersion());
        for (String f : files) {
            context.out().println(target.resolve(f));
        }
        String cli = Launcher.command(context.env());
        context.err()
                .println("Created " + name + " (" + template + ") in "
                        + target.toAbsolutePath().normalize() + ". Next, the loop on the local emulator:");
        context.err().println("  cd " + target);
        context.err().println("  " + cli + " local start");
        context.err().println("  " + cli + " deploy --local");
        context.err().println("  " + cli + " run --local");
        context.err().println("and its README: " + target.resolve("README.md"));
        return ExitCodes.OK;
    }

    /** {@code --template}'s value, by the template's name. */
    static final class TemplateConverter implements ITypeConverter<Scaffold.Template> {
        @Override
        public Scaffold.Template convert(String value) {
            try {
                return Scaffold.Template.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The templates' names, for completion. */
    static final class TemplateNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Scaffold.Template.values())
                    .map(Scaffold.Template::id)
                    .iterator();
        }
    }
}
