package dev.microvms.emulator.core.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a build produced besides the file tree: how to start the app and the notes for the build log.
 *
 * @param command the argv that starts the app: ENTRYPOINT and CMD combined with Docker's rules; empty when
 *     the Dockerfile sets neither
 * @param entrypoint the ENTRYPOINT in effect (a shell form already wrapped in the shell), empty if none
 * @param cmd the CMD in effect (likewise), empty if none
 * @param environment the image's environment: the base environment (PATH) and the ENV values, in order
 * @param workingDirectory the WORKDIR in effect, {@code /} by default
 * @param user the USER in effect, or null for the default (root)
 * @param exposedPorts the EXPOSE ports, in order, without duplicates
 * @param baseImages the FROM reference of each stage, variables substituted, in stage order
 * @param labels the LABEL values
 * @param volumes the VOLUME paths
 * @param stopSignal the STOPSIGNAL, or null for the default (SIGTERM)
 * @param notes what the build did that the log should show: skipped steps, ignored flags, warnings
 */
public record AssembledImage(
        List<String> command,
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> environment,
        String workingDirectory,
        @Nullable String user,
        List<ExposedPort> exposedPorts,
        List<String> baseImages,
        Map<String, String> labels,
        List<String> volumes,
        @Nullable String stopSignal,
        List<String> notes) {

    /** Copies the collections; the maps keep their order. */
    public AssembledImage {
        command = List.copyOf(command);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        exposedPorts = List.copyOf(exposedPorts);
        baseImages = List.copyOf(baseImages);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        volumes = List.copyOf(volumes);
        notes = List.copyOf(notes);
    }
}
