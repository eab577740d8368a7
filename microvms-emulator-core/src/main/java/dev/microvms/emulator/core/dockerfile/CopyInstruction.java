package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates COPY and ADD: sources from the build context or an earlier stage, wildcards expanded, a
 * directory's contents copied, the destination relative to WORKDIR and a directory when it ends with
 * {@code /} or takes several sources, {@code --chmod} applied, a local tar archive extracted by ADD.
 */
final class CopyInstruction {

    private final Build build;
    private final Stage stage;
    private final Instruction instruction;
    private final String what;
    private final int line;

    CopyInstruction(Build build, Stage stage, Instruction instruction) {
        this.build = build;
        this.stage = stage;
        this.instruction = instruction;
        this.what = instruction.keyword().name();
        this.line = instruction.line();
    }

    /**
     * Adds what the step reads to its cache key: for the build context, each matched file's path, mode and
     * content (a directory's included files, in path order); for an earlier stage, that stage's key.
     */
    void addInputs(StepKey key) throws IOException {
        Function<String, @Nullable String> scope = stage::lookup;
        List<String> words = words(scope);
        List<String> sources = words.subList(0, words.size() - 1);
        Optional<String> from = instruction.flag("from");
        if (from.isPresent()) {
            Stage source = build.stage(build.expand(from.get(), scope, line), line, stage);
            key.add("stage").add(source.cacheKey).add(sources);
            return;
        }
        for (String source : sources) {
            rejectRemote(source);
            List<SourceTree.Source> matches;
            try {
                matches = build.context.match(source, what);
            } catch (DockerfileException e) {
                throw new DockerfileException(line, e.getMessage(), e);
            }
            for (SourceTree.Source match : matches) {
                key.add("source").add(match.relative());
                ContextDigest.add(key, match.file(), match.relative(), build.context);
            }
        }
    }

    private List<String> words(Function<String, @Nullable String> scope) {
        List<String> words = new ArrayList<>();
        for (String argument : instruction.arguments()) {
            words.add(build.expand(argument, scope, line));
        }
        return words;
    }

    void run() {
        Function<String, @Nullable String> scope = stage::lookup;
        List<String> words = words(scope);
        List<String> sources = words.subList(0, words.size() - 1);
        String destination = words.get(words.size() - 1);
        if (destination.isEmpty()) {
            throw new DockerfileException(line, what + " has an empty destination after variable substitution");
        }
        Integer chmod = chmod(scope);
        Optional<String> chown = instruction.flag("chown");
        if (chown.isPresent()) {
            build.note(
                    line,
                    "--chown=" + build.expand(chown.get(), scope, line)
                            + " ignored: the emulator's files belong to the user that runs it");
        }
        for (String ignored : List.of("checksum", "keep-git-dir")) {
            if (instruction.flag(ignored).isPresent()) {
                build.note(
                        line,
                        "--" + ignored + " ignored: it applies to remote sources, which the emulator cannot fetch");
            }
        }
        SourceTree tree = tree(scope);
        List<SourceTree.Source> matches = new ArrayList<>();
        for (String source : sources) {
            rejectRemote(source);
            try {
                matches.addAll(tree.match(source, what));
            } catch (DockerfileException e) {
                throw new DockerfileException(line, e.getMessage(), e);
            }
        }
        boolean intoDirectory = destination.endsWith("/")
                || destination.equals(".")
                || destination.endsWith("/.")
                || sources.size() > 1
                || matches.size() > 1;
        String target = TreePaths.join(stage.workdir, destination);
        TreeCopier copier = new TreeCopier(stage.root, chmod);
        try {
            for (SourceTree.Source match : matches) {
                copy(match, target, intoDirectory, copier, tree);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DockerfileException(line, what + " failed: " + e.getMessage(), e);
        }
    }

    private void copy(SourceTree.Source match, String target, boolean intoDirectory, TreeCopier copier, SourceTree tree)
            throws IOException {
        if (Files.isDirectory(match.file())) {
            copier.copyContents(match.file(), match.relative(), target, tree);
            return;
        }
        if (instruction.keyword() == Keyword.ADD && tree == build.context) {
            String name = match.file().getFileName().toString();
            if (TarExtractor.isUnsupportedCompressedTar(name)) {
                throw new DockerfileException(
                        line,
                        "ADD cannot extract " + match.relative() + ": the emulator reads"
                                + " plain and gzip-compressed tar archives only; recompress it as .tar.gz, or COPY it as it is");
            }
            if (TarExtractor.isArchive(match.file())) {
                if (instruction.flag("chmod").isPresent()) {
                    build.note(line, "--chmod does not apply to the files extracted from " + match.relative());
                }
                for (String skipped : TarExtractor.extract(match.file(), stage.root, target)) {
                    build.note(
                            line,
                            "skipped " + skipped + " of " + match.relative()
                                    + ": only files, directories and links are extracted");
                }
                return;
            }
        }
        String name = match.relative().substring(match.relative().lastIndexOf('/') + 1);
        boolean directory = intoDirectory || TreePaths.isDirectory(TreePaths.resolve(stage.root, target));
        copier.copyFile(match.file(), directory ? target + "/" + name : target);
    }

    private SourceTree tree(Function<String, @Nullable String> scope) {
        Optional<String> from = instruction.flag("from");
        if (from.isEmpty()) {
            return build.context;
        }
        String reference = build.expand(from.get(), scope, line);
        Stage source = build.stage(reference, line, stage);
        String description = source.describe()
                + (source.parent == null
                        ? " (FROM " + source.base + ": the emulator has only the files that stage's own instructions"
                                + " put there, not the base image's)"
                        : "");
        return SourceTree.stage(source.root, description);
    }

    private @Nullable Integer chmod(Function<String, @Nullable String> scope) {
        Optional<String> chmod = instruction.flag("chmod");
        if (chmod.isEmpty()) {
            return null;
        }
        try {
            return FileModes.parse(build.expand(chmod.get(), scope, line));
        } catch (IllegalArgumentException e) {
            throw new DockerfileException(line, e.getMessage(), e);
        }
    }

    private void rejectRemote(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")
                || lower.startsWith("https://")
                || lower.startsWith("git@")
                || lower.startsWith("git://")) {
            throw new DockerfileException(
                    line,
                    what + " of a URL (" + source + ") is not supported: the emulator has"
                            + " no network access; download the file into the build context and COPY it");
        }
    }
}
