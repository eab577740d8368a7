package dev.microvms.cli.internal;

import dev.microvms.project.Packager;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Watches a project for the changes that call for a new build, with the JDK's {@link WatchService} on every
 * directory (inotify on Linux), debounced: a burst of saves is one change.
 *
 * <p>What counts: {@code microvm.yml}, the {@code Dockerfile} and {@code .dockerignore} always. With a build
 * command ({@code artifact.build}), every other file too (the build reads sources that .dockerignore keeps
 * out of the context), except the build's own output ({@code target/}, {@code build/}), {@code .git/}, the
 * package and editors' swap files, so that a build never triggers the next. Without one, only the files that
 * .dockerignore lets into the build context.
 */
public final class ProjectWatcher implements Closeable {
    private static final Set<String> ALWAYS = Set.of("microvm.yml", "Dockerfile", ".dockerignore");
    private static final Set<String> SKIPPED_DIRECTORIES =
            Set.of(".git", ".idea", ".vscode", ".gradle", "node_modules", ".mvn/wrapper");
    private static final Set<String> OUTPUT_DIRECTORIES = Set.of("target", "build", "out");

    private final Path root;
    private final boolean hasBuild;
    private final String artifact;
    private final WatchService service;
    private final Map<WatchKey, Path> directories = new HashMap<>();

    /**
     * Starts watching.
     *
     * @param root the project directory
     * @param hasBuild whether microvm.yml has a build command
     * @param artifact the package's path relative to the project ({@code artifact.output})
     * @throws IOException when a directory cannot be watched
     */
    public ProjectWatcher(Path root, boolean hasBuild, String artifact) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.hasBuild = hasBuild;
        this.artifact = artifact.replace('\\', '/');
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(this.root);
    }

    /**
     * Waits for a change that counts, then until the project has been quiet for {@code quiet}.
     *
     * @param quiet how long no file may change before the change is taken as complete
     * @return the changed files, relative to the project (a directory's path when the system lost track)
     * @throws InterruptedException when interrupted while waiting
     * @throws IOException when a new directory cannot be watched
     */
    public List<String> awaitChange(Duration quiet) throws InterruptedException, IOException {
        Set<String> changed = new TreeSet<>();
        while (!collect(take(), changed)) {
            // Nothing that counts yet.
        }
        // Only a change that counts restarts the quiet period: a log file written all the time does not.
        long deadline = System.nanoTime() + quiet.toNanos();
        for (long left = quiet.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            WatchKey key = poll(Duration.ofNanos(left));
            if (key == null) {
                break;
            }
            if (collect(key, changed)) {
                deadline = System.nanoTime() + quiet.toNanos();
            }
        }
        return List.copyOf(changed);
    }

    private WatchKey take() throws InterruptedException {
        try {
            return service.take();
        } catch (ClosedWatchServiceException e) {
            throw new InterruptedException("the watcher was closed");
        }
    }

    private @Nullable WatchKey poll(Duration quiet) throws InterruptedException {
        try {
            return service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ClosedWatchServiceException e) {
            throw new InterruptedException("the watcher was closed");
        }
    }

    /** @return whether a change that counts was among the key's events */
    private boolean collect(WatchKey key, Set<String> changed) throws IOException {
        boolean counted = false;
        Path directory = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (directory == null) {
                continue;
            }
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.add(relative(directory).isEmpty() ? "." : relative(directory));
                counted = true;
                continue;
            }
            Path path = directory.resolve((Path) event.context());
            String name = relative(path);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                    && Files.isDirectory(path)
                    && !skippedDirectory(name)) {
                registerTree(path);
            }
            if (counts(name)) {
                changed.add(name);
                counted = true;
            }
        }
        if (!key.reset()) {
            directories.remove(key);
        }
        return counted;
    }

    /** Whether a change to this file calls for a new build. */
    boolean counts(String name) {
        if (ALWAYS.contains(name)) {
            return true;
        }
        String file = name.substring(name.lastIndexOf('/') + 1);
        if (name.equals(artifact) || editorFile(file) || skippedDirectory(name) || insideSkipped(name)) {
            return false;
        }
        if (hasBuild) {
            return true;
        }
        try {
            return Packager.contextFiles(root, root.resolve(artifact)).contains(name);
        } catch (IOException e) {
            return true; // the build will say what is wrong
        }
    }

    private boolean skippedDirectory(String name) {
        return SKIPPED_DIRECTORIES.contains(name) || (hasBuild && OUTPUT_DIRECTORIES.contains(name));
    }

    private boolean insideSkipped(String name) {
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            if (skippedDirectory(name.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static boolean editorFile(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith("~")
                || lower.endsWith(".swp")
                || lower.endsWith(".swx")
                || lower.endsWith(".tmp")
                || lower.startsWith(".#")
                || lower.startsWith(".attach_pid") // written by jcmd and jstack in the JVM's directory
                || lower.equals("4913"); // vim's probe that a directory is writable
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private void registerTree(Path start) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                String name = relative(dir);
                if (!name.isEmpty() && (skippedDirectory(name) || insideSkipped(name))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                WatchKey key = dir.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                directories.put(key, dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a file that vanished while the tree was walked
            }
        });
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
