package dev.microvms.emulator.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.store.FileStore;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a built image version lives on disk: {@code <images>/<region>/<name>/<version>/} with its file
 * tree ({@code rootfs/}), how to start its app ({@code launch.json}) and its build log.
 */
public final class ImageFiles {
    private static final ObjectMapper JSON = WireJson.mapper();
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

    /** @return the directory of a version */
    public Path version(String region, String name, String version) {
        return root.resolve(region).resolve(name).resolve(version);
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
