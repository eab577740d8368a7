package dev.microvms.emulator.core;

import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CpuConfiguration;
import dev.microvms.model.Hooks;
import dev.microvms.model.Logging;
import dev.microvms.model.OsCapability;
import dev.microvms.model.ResourceRequirement;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The build configuration of an image version: what CreateMicrovmImage and UpdateMicrovmImage give,
 * with the service's defaults filled in.
 */
public record ImageConfig(
        String baseImageArn,
        String baseImageVersion,
        String buildRoleArn,
        @Nullable String description,
        CodeArtifact codeArtifact,
        @Nullable Logging logging,
        List<String> egressNetworkConnectors,
        @Nullable List<CpuConfiguration> cpuConfigurations,
        List<ResourceRequirement> resources,
        @Nullable List<OsCapability> additionalOsCapabilities,
        @Nullable Hooks hooks,
        @Nullable Map<String, String> environmentVariables) {

    public ImageConfig {
        egressNetworkConnectors = List.copyOf(egressNetworkConnectors);
        cpuConfigurations = cpuConfigurations == null ? null : List.copyOf(cpuConfigurations);
        resources = List.copyOf(resources);
        additionalOsCapabilities = additionalOsCapabilities == null ? null : List.copyOf(additionalOsCapabilities);
        environmentVariables = environmentVariables == null ? null : Map.copyOf(environmentVariables);
    }

    /** @return the memory class of MicroVMs of this version, in MiB */
    public int memoryMiB() {
        return resources.isEmpty() || resources.get(0).minimumMemoryInMiB() == null
                ? 2048
                : resources.get(0).minimumMemoryInMiB();
    }
}
