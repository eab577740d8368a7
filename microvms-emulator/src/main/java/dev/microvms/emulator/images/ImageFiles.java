package dev.microvms.emulator.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.store.FileStore;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a built image version lives on disk: {@code <images>/<region>/<name>/<version>/} with its file
 * tree ({@code rootfs/}), how to start its app ({@code launch.json}) and its build log.
 */
public final class ImageFiles {
    private static final ObjectMapper JSON = WireJson.mapper();
    /** A region, an image name or a version: no separator, and not {@code .} or {@code ..}. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final Path root;

    /** @param root the directory every image version lives under */
    public ImageFiles(Path root) {
        this.root = root;
    }

    /**
     * How to start a version's app, as its Dockerfile says.
     *
     * @param command the argv (ENTRYPOINT and CMD)
     * @param environment the image's environment (ENV)
     * @param workingDirectory the WORKDIR
     * @param exposedPorts the EXPOSE ports
     */
    public record Launch(
            List<String> command,
            Map<String, String> environment,
            String workingDirectory,
            List<Integer> exposedPorts) {
        public Launch {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            exposedPorts = List.copyOf(exposedPorts);
        }
    }

    /** @return the directory every image version lives under */
    public Path root() {
        return root;
    }

    /**
     * @return the directory of a version
     * @throws IllegalArgumentException when a part is not a plain name (a separator, {@code ..}), so that
     *     no request value can name a directory outside {@link #root()}
     */
    public Path version(String region, String name, String version) {
        return root.resolve(plain(region)).resolve(plain(name)).resolve(plain(version));
    }

    private static String plain(String segment) {
        if (!PLAIN.matcher(segment).matches()) {
            throw new IllegalArgumentException("'" + segment + "' cannot name a directory of the image files");
        }
        return segment;
    }

    /** @return the file tree of a version */
    public Path rootfs(Path versionDir) {
        return versionDir.resolve("rootfs");
    }

    /** @return the build log of a version */
    public Path buildLog(Path versionDir) {
        return versionDir.resolve("build.log");
    }

    /**
     * Records how a built version's app is started.
     *
     * @param versionDir the version's directory
     * @param launch how its app starts
     * @throws IOException when the file cannot be written
     */
    public void writeLaunch(Path versionDir, Launch launch) throws IOException {
        FileStore.writeAtomically(versionDir.resolve("launch.json"), JSON.writeValueAsBytes(launch));
    }

    /** @return how to start a built version's app */
    public Launch readLaunch(Path versionDir) throws IOException {
        return JSON.readValue(versionDir.resolve("launch.json").toFile(), Launch.class);
    }
}
