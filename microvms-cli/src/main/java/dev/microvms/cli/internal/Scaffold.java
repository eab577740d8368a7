package dev.microvms.cli.internal;

import dev.microvms.project.PackageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Writes a new Java MicroVM project from a template: a Maven project whose app uses the guest library, a
 * Dockerfile for the managed base image, microvm.yml with the hooks enabled, a README, {@code .env.example},
 * a unit test and a test that deploys the app to the emulator through the JUnit extension.
 */
public final class Scaffold {
    /** The templates, by name. */
    public enum Template {
        /** An HTTP service that keeps a count in memory. */
        HTTP("http"),
        /** A worker that takes its job from the run payload. */
        WORKER("worker"),
        /** Server-sent events and a WebSocket echo. */
        STREAM("stream"),
        /** A Spring Boot app whose hooks are Spring beans. */
        SPRING_BOOT("spring-boot");

        private final String id;

        Template(String id) {
            this.id = id;
        }

        /** @return the name given to {@code new --template}, such as {@code spring-boot} */
        public String id() {
            return id;
        }

        /**
         * @param id a template's name, such as {@code spring-boot}
         * @return the template
         * @throws IllegalArgumentException when there is none of that name
         */
        public static Template of(String id) {
            for (Template t : values()) {
                if (t.id.equalsIgnoreCase(id.trim()) || t.name().equalsIgnoreCase(id.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("There is no template '" + id + "'; choose one of "
                    + java.util.Arrays.stream(values()).map(Template::id).toList() + ".");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final String ROOT = "/dev/microvms/cli/templates/";

    private Scaffold() {}

    /**
     * Writes the project.
     *
     * @param directory the new project's directory; it must not exist, or be empty
     * @param name the project's name, which is also its image's name
     * @param javaPackage the app's package, or null for {@code com.example.<name>}
     * @param template the template
     * @param kitVersion the version of the kit's artifacts the project depends on
     * @return the files written, relative to the directory
     * @throws PackageException for a bad name or package, or a directory that is not empty
     * @throws IOException when a file cannot be written
     */
    public static List<String> write(
            Path directory,
            String name,
            @org.jspecify.annotations.Nullable String javaPackage,
            Template template,
            String kitVersion)
            throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new PackageException("The name '" + name + "' must start with a lower-case letter and hold only"
                    + " lower-case letters, digits and '-' (at most 63), such as 'hello-service'; it names the"
                    + " Maven artifact and the image.");
        }
        String pkg = javaPackage != null ? javaPackage : "com.example." + name.replace("-", "");
        if (!PACKAGE.matcher(pkg).matches()) {
            throw new PackageException(
                    "The package '" + pkg + "' is not a Java package name; give one such as" + " com.example.hello.");
        }
        if (Files.exists(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new PackageException("The directory " + directory.toAbsolutePath() + " is not empty;"
                            + " choose another name or --directory, or remove it first.");
                }
            }
        }
        Properties settings = new Properties();
        try (InputStream in = resource(template.id() + "/template.properties")) {
            settings.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("package", pkg);
        values.put("template", template.id());
        values.put("kitVersion", kitVersion);
        values.put("description", settings.getProperty("description"));
        values.put("ports", settings.getProperty("ports"));
        values.put("payload", settings.getProperty("payload", ""));
        values.put("dependencies", settings.getProperty("dependencies", "").replace("\\n", "\n"));
        values.put("readyTimeout", settings.getProperty("readyTimeout", "60"));
        values.put("app", settings.getProperty("app"));
        values.put("try", fill(read(template.id() + "/try.md"), values).stripTrailing());

        String source = "src/main/java/" + pkg.replace('.', '/') + "/";
        String test = "src/test/java/" + pkg.replace('.', '/') + "/";
        // Each file from the template's own directory when it has one, else from common/.
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "pom.xml");
        files.put("Dockerfile", "Dockerfile");
        files.put("dockerignore", ".dockerignore");
        files.put("gitignore", ".gitignore");
        files.put("env.example", ".env.example");
        files.put("microvm.yml", "microvm.yml");
        files.put("README.md", "README.md");
        files.put("App.java", source + "App.java");
        files.put("AppTest.java", test + "AppTest.java");
        files.put("AppIT.java", test + "AppIT.java");
        files.put("application.properties", "src/main/resources/application.properties");

        List<String> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String from = exists(template.id() + "/" + f.getKey())
                    ? template.id() + "/" + f.getKey()
                    : "common/" + f.getKey();
            if (!exists(from)) {
                continue; // a file only some templates have, such as application.properties
            }
            Path target = directory.resolve(f.getValue());
            Files.createDirectories(target.getParent());
            Files.writeString(target, fill(read(from), values), StandardCharsets.UTF_8);
            written.add(f.getValue());
        }
        return written;
    }

    /**
     * @param text a template
     * @param values the values of its {@code {{key}}} placeholders
     * @return the text with each placeholder replaced
     */
    static String fill(String text, Map<String, String> values) {
        String result = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            result = result.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        if (result.contains("{{")) {
            int at = result.indexOf("{{");
            throw new IllegalStateException("A template placeholder has no value: "
                    + result.substring(at, Math.min(result.length(), at + 30)).toLowerCase(Locale.ROOT));
        }
        return result;
    }

    private static String read(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(String path) {
        return Scaffold.class.getResource(ROOT + path) != null;
    }

    private static InputStream resource(String path) {
        InputStream in = Scaffold.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IllegalStateException("The template file " + path + " is missing from the CLI's jar");
        }
        return in;
    }
}
