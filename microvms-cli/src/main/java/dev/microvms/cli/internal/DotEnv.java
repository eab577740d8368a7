package dev.microvms.cli.internal;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's {@code .env}: {@code NAME=value} lines that stand in for environment variables which are not
 * set, such as {@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY}. A variable set in the environment wins over the file.
 */
public final class DotEnv {
    /** The file's name, in the project directory. */
    public static final String FILE_NAME = ".env";

    private DotEnv() {}

    /**
     * @param directory the project directory
     * @return the variables of its {@code .env}, in file order; empty when there is none
     * @throws UsageException when the file cannot be read as {@code NAME=value} lines
     */
    public static Map<String, String> read(Path directory) {
        if (!Files.isRegularFile(directory.resolve(FILE_NAME))) {
            return Map.of();
        }
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (DotenvEntry e : Dotenv.configure()
                    .directory(directory.toString())
                    .filename(FILE_NAME)
                    .load()
                    .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
                values.put(e.getKey(), e.getValue());
            }
            return values;
        } catch (DotenvException e) {
            throw new UsageException(directory.resolve(FILE_NAME) + " cannot be read: " + e.getMessage()
                    + "; write one NAME=value per line, such as AWS_REGION=us-east-1, and # for comments.");
        }
    }

    /**
     * @param environment the process's environment variables
     * @param directory the project directory
     * @return the environment, with the variables of the directory's {@code .env} that it does not set
     */
    public static Map<String, String> over(Map<String, String> environment, Path directory) {
        Map<String, String> file = read(directory);
        if (file.isEmpty()) {
            return environment;
        }
        Map<String, String> merged = new HashMap<>(file);
        merged.putAll(environment);
        return merged;
    }
}
