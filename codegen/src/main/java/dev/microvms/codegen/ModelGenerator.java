package dev.microvms.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the generated sources from the service's model file, as the AWS SDKs generate theirs: the model
 * types, the wire codec, the operations' bindings and the shapes' constraints into {@code
 * microvms-model/src/generated/java}; the client interfaces (with their {@code Consumer<Builder>}
 * overloads and paginators), their implementations and the exceptions of the modelled errors into {@code
 * microvms-client/src/generated/java}.
 *
 * <p>Run from the checkout's root with {@code mvn -q -pl codegen compile exec:java} to regenerate; with
 * the argument {@code --check} it only reports files that differ from what the model gives (the build's
 * {@code GeneratedSourcesTest} does the same).
 */
public final class ModelGenerator {
    /** Where the model file is, under the checkout's root. */
    public static final Path MODEL = Path.of("microvms-model/src/main/model");

    /** The source roots the generator owns, under the checkout's root: every file in them is generated. */
    public static final List<Path> OUTPUTS =
            List.of(Path.of("microvms-model/src/generated/java"), Path.of("microvms-client/src/generated/java"));

    private ModelGenerator() {}

    /**
     * Regenerates the sources, or checks them.
     *
     * @param args the checkout's root (default: the working directory), then {@code --check} to check only
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : ".")
                .toAbsolutePath()
                .normalize();
        boolean check = List.of(args).contains("--check");
        Map<Path, String> files = generate(ServiceModel.read(root.resolve(MODEL)), Customization.load());
        List<String> differences = differences(root, files);
        if (check) {
            if (!differences.isEmpty()) {
                System.err.println("The generated sources differ from what the model gives; run"
                        + " `mvn -q -pl codegen compile exec:java`:");
                differences.forEach(d -> System.err.println("  " + d));
                System.exit(1);
            }
            System.out.println("checked " + files.size() + " generated files");
            return;
        }
        write(root, files);
        System.out.println("wrote " + files.size() + " generated files (" + differences.size() + " changed)");
    }

    /**
     * Generates every file from a model.
     *
     * @param model the service model
     * @param custom the customization
     * @return each file's text by its path under the checkout's root
     */
    public static Map<Path, String> generate(ServiceModel model, Customization custom) {
        JavaModel java = new JavaModel(model, custom);
        Map<String, String> modelFiles = new TreeMap<>();
        new StructureGenerator(java).generate(modelFiles);
        new EnumGenerator(java).generate(modelFiles);
        new UnionGenerator(java).generate(modelFiles);
        new CodecGenerator(java).generate(modelFiles);
        new BindingsGenerator(java).generate(modelFiles);
        new ShapesGenerator(java).generate(modelFiles);
        Map<String, String> clientFiles = new TreeMap<>();
        new ClientGenerator(java).generate(clientFiles);
        Map<Path, String> files = new TreeMap<>();
        modelFiles.forEach((path, text) -> files.put(OUTPUTS.get(0).resolve(path), text));
        clientFiles.forEach((path, text) -> files.put(OUTPUTS.get(1).resolve(path), text));
        return files;
    }

    /**
     * Compares generated files with those on disk.
     *
     * @param root the checkout's root
     * @param files the generated files by path under the root
     * @return one line per file that differs, is missing, or is on disk without being generated
     */
    public static List<String> differences(Path root, Map<Path, String> files) {
        List<String> differences = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                Path path = root.resolve(file.getKey());
                if (!Files.exists(path)) {
                    differences.add("missing: " + file.getKey());
                } else if (!Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue())) {
                    differences.add("differs: " + file.getKey());
                }
            }
            for (Path extra : onDisk(root)) {
                if (!files.containsKey(extra)) {
                    differences.add("not generated: " + extra);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return differences;
    }

    private static void write(Path root, Map<Path, String> files) throws IOException {
        for (Path extra : onDisk(root)) {
            if (!files.containsKey(extra)) {
                Files.delete(root.resolve(extra));
            }
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            if (!Files.exists(path)
                    || !Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue())) {
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
        }
    }

    /** The Java files in the output roots, by path under the checkout's root. */
    private static List<Path> onDisk(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path output : OUTPUTS) {
            Path dir = root.resolve(output);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> found.add(root.relativize(p)));
            }
        }
        return found;
    }
}
