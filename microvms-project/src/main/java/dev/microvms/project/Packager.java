package dev.microvms.project;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zips a project's build context the way the service wants it: the {@code Dockerfile} at the root, then every
 * file that {@code .dockerignore} lets through, in path order, each dated 1980-01-01, so that the same files
 * always give the same bytes (and the same content hash, which names the uploaded object).
 */
public final class Packager {
    /** The fixed date of every entry, so that a rebuild does not change the zip. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Packager() {}

    /**
     * What a package holds.
     *
     * @param zip where it was written
     * @param files the paths inside it, in order
     * @param bytes its size
     * @param sha256 the hex SHA-256 of its bytes
     */
    public record Result(Path zip, List<String> files, long bytes, String sha256) {
        /** Copies the list. */
        public Result {
            files = List.copyOf(files);
        }
    }

    /**
     * Writes the package of a project directory.
     *
     * @param project the project directory, with a {@code Dockerfile} at its root
     * @param zip where to write the zip; it is never part of itself
     * @return what it holds
     * @throws PackageException when there is no Dockerfile
     * @throws IOException when a file cannot be read or the zip written
     */
    public static Result pack(Path project, Path zip) throws IOException {
        Path root = project.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("Dockerfile"))) {
            throw new PackageException("There is no Dockerfile at the root of " + root + "; the service builds the"
                    + " image from it. Add one that starts with 'FROM public.ecr.aws/lambda/microvms:al2023-minimal'"
                    + " (or run 'lambda-microvms new NAME' for a project that has one).");
        }
        Path target = zip.toAbsolutePath().normalize();
        List<String> files = contextFiles(root, target);
        Files.createDirectories(target.getParent());
        // Written beside the target and moved over it, so a failure never leaves half a zip behind.
        Path partial = Files.createTempFile(target.getParent(), ".microvm-artifact", ".zip.partial");
        MessageDigest sha256 = sha256();
        try {
            try (OutputStream file = Files.newOutputStream(partial);
                    ZipOutputStream out =
                            new ZipOutputStream(new DigestOutputStream(file, sha256), StandardCharsets.UTF_8)) {
                for (String name : files) {
                    ZipEntry entry = new ZipEntry(name);
                    entry.setTimeLocal(EPOCH);
                    out.putNextEntry(entry);
                    Files.copy(root.resolve(name), out);
                    out.closeEntry();
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return new Result(target, files, Files.size(target), HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * The files a package holds: the Dockerfile first, then what {@code .dockerignore} lets through, sorted.
     *
     * @param root the project's directory
     * @param zip the package being written, left out when it lies inside the project
     * @return the files' paths relative to the project, with {@code /} separators
     * @throws IOException when the project cannot be listed
     */
    public static List<String> contextFiles(Path root, Path zip) throws IOException {
        DockerIgnore ignore = DockerIgnore.read(root.resolve(".dockerignore"));
        List<String> files = new ArrayList<>();
        files.add("Dockerfile");
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.equals(zip))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.equals("Dockerfile") && !name.startsWith(".git/"))
                    .filter(name -> !ignore.excludes(name))
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }

    /** The rules of a {@code .dockerignore}: globs, {@code !} re-includes, the last matching rule wins. */
    record DockerIgnore(List<Rule> rules) {
        record Rule(PathMatcher matcher, boolean include) {}

        static DockerIgnore read(Path file) throws IOException {
            List<Rule> rules = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String rule = line.strip();
                    if (rule.isEmpty() || rule.startsWith("#")) {
                        continue;
                    }
                    boolean include = rule.startsWith("!");
                    String glob = (include ? rule.substring(1) : rule).strip();
                    glob = glob.replaceAll("^/+", "").replaceAll("/+$", "");
                    if (glob.startsWith("./")) {
                        glob = glob.substring(2);
                    }
                    if (!glob.isEmpty()) {
                        rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + glob), include));
                    }
                }
            }
            return new DockerIgnore(rules);
        }

        /** A rule matches a file when it matches the file's path or that of a directory holding it. */
        boolean excludes(String name) {
            boolean excluded = false;
            for (Rule rule : rules) {
                if (matches(rule.matcher(), name)) {
                    excluded = !rule.include();
                }
            }
            return excluded;
        }

        private static boolean matches(PathMatcher matcher, String name) {
            Path path = Path.of(name);
            for (int i = 1; i <= path.getNameCount(); i++) {
                if (matcher.matches(path.subpath(0, i))) {
                    return true;
                }
            }
            return false;
        }
    }
}
