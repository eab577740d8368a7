package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.DotEnv;
import dev.microvms.cli.internal.LocalEmulator;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.ProjectOptions;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.Table;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.cli.internal.aws.AwsChecks;
import dev.microvms.emulator.EmulatorMain;
import dev.microvms.emulator.core.dockerfile.Dockerfile;
import dev.microvms.emulator.core.dockerfile.DockerfileException;
import dev.microvms.emulator.core.dockerfile.Keyword;
import dev.microvms.emulator.executor.DetectedExecutor;
import dev.microvms.emulator.executor.LocalExecutors;
import dev.microvms.emulator.executor.SandboxExecutor;
import dev.microvms.project.ProjectFile;
import dev.microvms.project.ProjectFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code doctor}: what a deploy needs, checked one by one, each failure with its fix. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check what building and deploying this project needs: microvm.yml, Java and Maven (for a project that"
                    + " builds with them), the Dockerfile (parsed as the build parses it), the hooks, .env, and either"
                    + " the emulator and its sandbox (--local) or, online, the endpoint, Region, credentials and"
                    + " identity, the service, the bucket, the build and execution roles, CloudWatch Logs and the"
                    + " account's quotas (AWS, or an emulator through AWS_ENDPOINT_URL). Each check is OK, WARN or FAIL"
                    + " with its fix; exits 3 when one fails."
        })
public final class DoctorCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ProjectOptions project;

    @Mixin
    OutputOptions output;

    /** One check's outcome. */
    record Check(String name, String status, String detail) {}

    private final List<Check> checks = new ArrayList<>();

    /** @param context this run's context */
    public DoctorCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ProjectFile file = checkProjectFile();
        // Java and Maven only for a project that builds with them: a Python app needs neither.
        String build = file == null ? null : file.artifact().build();
        boolean maven = Files.isRegularFile(project.directory().resolve("pom.xml"))
                || (build != null && build.matches("(.*[\\s/;&|(])?(mvn|mvnw)(\\s.*)?"));
        boolean gradle = Files.isRegularFile(project.directory().resolve("build.gradle"))
                || Files.isRegularFile(project.directory().resolve("build.gradle.kts"))
                || (build != null && build.contains("gradle"));
        if (maven || gradle) {
            checkJava();
        }
        if (maven) {
            checkMaven();
        }
        checkDockerfile(file);
        checkDotEnv();
        Settings settings = null;
        try {
            settings = connection.settings(context, file, project.directory());
        } catch (UsageException e) {
            fail("settings", e.getMessage());
        }
        if (settings != null && settings.local()) {
            checkEmulator(settings);
            checkSandbox();
        } else if (settings != null) {
            checkAws(settings, file);
        }
        Table.Builder table = Table.of("CHECK", "STATUS", "DETAIL");
        checks.forEach(c -> table.row(c.name(), c.status(), c.detail()));
        new Printer(context.out(), output.format()).print(checks, table.build());
        return checks.stream().anyMatch(c -> c.status().equals(AwsChecks.FAIL)) ? ExitCodes.CLIENT_ERROR : ExitCodes.OK;
    }

    private void ok(String name, String detail) {
        checks.add(new Check(name, AwsChecks.OK, detail));
    }

    private void fail(String name, String fix) {
        checks.add(new Check(name, AwsChecks.FAIL, fix));
    }

    private void warn(String name, String detail) {
        checks.add(new Check(name, AwsChecks.WARN, detail));
    }

    private void checkJava() {
        int feature = Runtime.version().feature();
        if (feature >= 17) {
            ok("java", "Java " + Runtime.version());
        } else {
            fail("java", "Java " + feature + " is too old; install JDK 17 or later.");
        }
    }

    private void checkMaven() {
        String version = run("mvn", "-B", "-v");
        if (version == null) {
            warn(
                    "maven",
                    "mvn is not on the PATH; generated projects build with Maven: install it (apt-get install"
                            + " maven, brew install maven, sdk install maven).");
        } else {
            // Batch mode has no colours, but a MAVEN_OPTS or .mvn/jvm.config could still turn them on.
            ok(
                    "maven",
                    version.lines()
                            .findFirst()
                            .orElse("mvn")
                            .replaceAll("\u001B\\[[;\\d]*m", "")
                            .trim());
        }
    }

    private @Nullable ProjectFile checkProjectFile() {
        try {
            ProjectFile file = project.load();
            ok("microvm.yml", file.name() + " in " + project.directory());
            return file;
        } catch (ProjectFileException e) {
            fail("microvm.yml", String.join(" ", e.problems()));
        } catch (IOException e) {
            fail("microvm.yml", "Cannot read it: " + e.getMessage());
        }
        return null;
    }

    private void checkDockerfile(@Nullable ProjectFile file) {
        Path dockerfile = project.directory().resolve("Dockerfile");
        if (!Files.isRegularFile(dockerfile)) {
            fail(
                    "Dockerfile",
                    "There is none at " + dockerfile + "; the service builds from it. Start from one"
                            + " made by 'lambda-microvms new'.");
            return;
        }
        Dockerfile parsed;
        try {
            // The emulator's own parser: what it refuses, the build would refuse after the upload.
            parsed = Dockerfile.parse(Files.readString(dockerfile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            fail("Dockerfile", "Cannot read it: " + e.getMessage());
            return;
        } catch (DockerfileException e) {
            fail("Dockerfile", dockerfile.getFileName() + " " + e.getMessage());
            return;
        }
        boolean starts = parsed.instructions().stream()
                .anyMatch(i -> i.keyword() == Keyword.CMD || i.keyword() == Keyword.ENTRYPOINT);
        if (!starts) {
            fail("Dockerfile", "It has no CMD or ENTRYPOINT, so nothing would start the app; add one.");
        } else {
            ok("Dockerfile", dockerfile + " (" + parsed.instructions().size() + " instructions)");
        }
        if (file != null && file.hooks() != null) {
            checkHooks(file);
        }
    }

    private void checkDotEnv() {
        try {
            java.util.Map<String, String> values = DotEnv.read(project.directory());
            if (!values.isEmpty()) {
                ok(DotEnv.FILE_NAME, String.join(", ", values.keySet()) + " (a variable set in the environment wins)");
            }
        } catch (UsageException e) {
            fail(DotEnv.FILE_NAME, e.getMessage());
        }
    }

    private void checkHooks(ProjectFile file) {
        Path pom = project.directory().resolve("pom.xml");
        try {
            if (Files.isRegularFile(pom)
                    && !Files.readString(pom, StandardCharsets.UTF_8).contains("microvms-guest")) {
                warn(
                        "hooks",
                        "microvm.yml enables hooks on port " + file.hooks().port() + " but pom.xml does not"
                                + " depend on dev.microvms:microvms-guest, which serves them; add it, or serve the hooks"
                                + " yourself.");
                return;
            }
        } catch (IOException e) {
            warn("hooks", "Cannot read pom.xml: " + e.getMessage());
            return;
        }
        ok("hooks", "port " + file.hooks().port());
    }

    private void checkEmulator(Settings settings) {
        int port = settings.endpoint() == null
                ? Settings.DEFAULT_LOCAL_PORT
                : settings.endpoint().getPort();
        LocalEmulator emulator = new LocalEmulator(port, EmulatorMain.defaultStateDirectory());
        if (emulator.healthy()) {
            ok("emulator", "answers at " + emulator.endpoint());
        } else {
            fail(
                    "emulator",
                    "Nothing answers at " + emulator.endpoint() + "; start it with 'lambda-microvms local"
                            + " start'.");
        }
    }

    private void checkSandbox() {
        DetectedExecutor detected = LocalExecutors.detect();
        if (detected.executor() instanceof SandboxExecutor sandbox) {
            // What this process found; the emulator of 'local start' may run where it finds more.
            String background = LocalEmulator.UserNamespace.AUTO.applies()
                    ? "; 'local start' runs the emulator in a user namespace of its own, where it reaches ports"
                            + " without the relay"
                    : "";
            ok(
                    "sandbox",
                    "bubblewrap namespaces: MicroVMs of one image can share ports; " + sandbox.confinement() + "; "
                            + sandbox.bridge() + "; processes are frozen with the " + sandbox.freezer() + background);
            if (sandbox.egressAvailable()) {
                ok("network", sandbox.egress());
            } else {
                warn("network", sandbox.egress());
            }
            if (sandbox.limitsComplete()) {
                ok("limits", sandbox.limits());
            } else {
                warn("limits", sandbox.limits());
            }
        } else {
            warn("sandbox", detected.reason());
        }
    }

    private void checkAws(Settings settings, @Nullable ProjectFile file) {
        new AwsChecks(settings, file, context)
                .run()
                .forEach(c -> checks.add(new Check(c.name(), c.status(), c.detail())));
    }

    private static @Nullable String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
