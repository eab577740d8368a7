package dev.microvms.cli.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** How the user runs this command line, so that the commands it suggests can be pasted as they are. */
public final class Launcher {
    /** The name on the PATH. */
    public static final String NAME = "lambda-microvms";

    /** Set by the launcher script to its own path, as it was called. */
    static final String VARIABLE = "LAMBDA_MICROVMS_COMMAND";

    private Launcher() {}

    /**
     * @param env the environment variables
     * @return {@code lambda-microvms} when that runs this launcher from the PATH (or nothing says otherwise),
     *     else the launcher's absolute path
     */
    public static String command(Map<String, String> env) {
        String launcher = env.get(VARIABLE);
        if (launcher == null || launcher.isBlank()) {
            return NAME;
        }
        try {
            Path self = Path.of(launcher).toRealPath();
            String path = env.getOrDefault("PATH", "");
            for (String dir : Pattern.compile(Pattern.quote(File.pathSeparator)).split(path)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir).resolve(NAME);
                if (Files.isExecutable(candidate) && candidate.toRealPath().equals(self)) {
                    return NAME;
                }
                if (Files.isExecutable(candidate)) {
                    break; // another lambda-microvms comes first on the PATH
                }
            }
            String absolute = Path.of(launcher).toAbsolutePath().normalize().toString();
            return absolute.matches("[A-Za-z0-9_./+-]+") ? absolute : "'" + absolute.replace("'", "'\\''") + "'";
        } catch (IOException | InvalidPathException e) {
            return NAME;
        }
    }
}
