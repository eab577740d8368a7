package dev.microvms.cli.internal;

import dev.microvms.cli.Main;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.images.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the class data archive that the build leaves next to the CLI's jar: runs the
 * everyday commands against an embedded emulator, so that the classes they load (picocli, the client and
 * its JSON, Apache HTTP, the printers) are archived and later commands start without loading them from
 * the jar. The first command of a user would otherwise train the archive on whatever it did.
 *
 * <p>Run by the build as {@code java -XX:ArchiveClassesAtExit=<jar>.jsa -cp <jar> ...ClassDataTraining}.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {}

    /**
     * Runs the training commands; their output is discarded.
     *
     * @param args none
     * @throws IOException when the temporary directory cannot be made or removed
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("lambda-microvms-training");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
        int failed = 0;
        try (Emulator emulator =
                Emulator.builder().port(0).stateDirectory(dir.resolve("state")).start()) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put(Settings.LOCAL_PORT_VARIABLE, String.valueOf(emulator.port()));
            for (List<String> command : List.of(
                    List.of("--version"),
                    List.of("--help"),
                    List.of("ps", "--local"),
                    List.of("ps", "--local", "--output", "json"),
                    List.of("images", "list", "--local"),
                    List.of("managed-images", "--local"),
                    // STS and the policies, which run and deploy also load to find bootstrap's record.
                    List.of("bootstrap", "--local", "--dry-run"),
                    List.of("get", "mvm-00000000000000000000000000", "--local"),
                    List.of(
                            "new",
                            "training-app",
                            "--directory",
                            dir.resolve("app").toString()))) {
                int code = Main.run(System.in, discard, discard, env, command.toArray(String[]::new));
                // "get" of a MicroVM that does not exist is meant to fail (the error path is trained too).
                if (code != 0 && !command.get(0).equals("get")) {
                    System.err.println("class data training: '" + String.join(" ", command) + "' exited " + code);
                    failed++;
                }
            }
        } catch (RuntimeException e) {
            // The archive is an optimisation: what was loaded so far is still archived at exit.
            System.err.println("class data training stopped early: " + e);
            failed++;
        } finally {
            Trees.deleteRecursively(dir);
        }
        if (failed > 0) {
            System.err.println("class data training: " + failed + " command(s) failed; the archive covers less");
        }
    }
}
