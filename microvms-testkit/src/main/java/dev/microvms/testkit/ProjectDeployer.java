package dev.microvms.testkit;

import dev.microvms.sdk.MicrovmImage;
import java.nio.file.Path;

/**
 * Deploys more projects to the test's emulator, such as one a test writes itself; injected into test methods
 * of a {@link MicrovmsTest} class. Their MicroVMs are terminated after the class, as the main image's are.
 *
 * <pre>{@code
 * @MicrovmsTest(deploy = false)
 * class PluginIT {
 *     @Test
 *     void runs(ProjectDeployer projects, @TempDir Path dir) {
 *         writeProject(dir);                       // a microvm.yml, a Dockerfile and what it copies
 *         MicrovmImage image = projects.deploy(dir);
 *     }
 * }
 * }</pre>
 */
public interface ProjectDeployer {
    /**
     * Packages a project as it is on disk, creates its image (or a new version of it) and waits for the build.
     *
     * @param project the directory with the project's microvm.yml and Dockerfile
     * @return the image, built
     */
    MicrovmImage deploy(Path project);
}
