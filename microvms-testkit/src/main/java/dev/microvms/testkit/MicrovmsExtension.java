package dev.microvms.testkit;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.images.Trees;
import dev.microvms.model.MicrovmState;
import dev.microvms.project.Deployer;
import dev.microvms.project.Packager;
import dev.microvms.project.ProjectFile;
import dev.microvms.project.ProjectFiles;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.MicrovmImage;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The extension behind {@link MicrovmsTest}. The emulator lives in the root context's store, so every class of
 * a test run shares one; the SDK and the deployed image live in the class's store and are cleaned up with it.
 */
public final class MicrovmsExtension implements BeforeAllCallback, ParameterResolver {
    /** Set to an emulator's endpoint, such as {@code http://127.0.0.1:4599}, to use it instead of starting one. */
    public static final String ENDPOINT_VARIABLE = "MICROVMS_TESTKIT_ENDPOINT";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MicrovmsExtension.class);
    private static final String REGION = "us-east-1";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        URI endpoint = endpoint(context);
        ClassResources resources = new ClassResources(
                Microvms.builder()
                        .endpointOverride(endpoint)
                        .region(REGION)
                        .credentialsProvider(credentials())
                        .build(),
                endpoint);
        context.getStore(NAMESPACE).put(ClassResources.class, resources);
        MicrovmsTest settings = context.getRequiredTestClass().getAnnotation(MicrovmsTest.class);
        if (settings != null && settings.deploy()) {
            resources.image = resources.deploy(Path.of(settings.project()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Microvms.class
                || type == LambdaMicrovmsClient.class
                || type == MicrovmImage.class
                || type == ProjectDeployer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ClassResources resources = context.getStore(NAMESPACE).get(ClassResources.class, ClassResources.class);
        if (resources == null) {
            throw new ParameterResolutionException("@MicrovmsTest did not start: no emulator for this class");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == Microvms.class) {
            return resources.microvms;
        }
        if (type == LambdaMicrovmsClient.class) {
            return resources.microvms.client();
        }
        if (type == ProjectDeployer.class) {
            return resources;
        }
        if (resources.image == null) {
            throw new ParameterResolutionException("No image was deployed: @MicrovmsTest(deploy = false) on "
                    + context.getRequiredTestClass().getSimpleName() + "; remove deploy = false to inject it.");
        }
        return resources.image.refresh();
    }

    private static URI endpoint(ExtensionContext context) throws IOException {
        String given = System.getenv(ENDPOINT_VARIABLE);
        if (given != null && !given.isBlank()) {
            return URI.create(given.trim());
        }
        EmulatorResource shared = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(EmulatorResource.class, k -> EmulatorResource.start(), EmulatorResource.class);
        return shared.emulator.endpoint();
    }

    private static MicrovmImage deploy(Microvms microvms, URI endpoint, Path project) throws IOException {
        Path dir = project.toAbsolutePath().normalize();
        ProjectFile file = ProjectFiles.load(ProjectFiles.in(dir));
        Packager.Result pkg = Packager.pack(dir, dir.resolve("target/microvm-testkit.zip"));
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .build()) {
            return new Deployer(microvms, s3, true, line -> {})
                    .deploy(
                            file,
                            pkg,
                            REGION,
                            WaiterOptions.builder()
                                    .timeout(Duration.ofMinutes(5))
                                    .build())
                    .image();
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /**
     * The SDK of one test class and the images it deployed; closing terminates the images' MicroVMs.
     */
    private static final class ClassResources implements ExtensionContext.Store.CloseableResource, ProjectDeployer {
        final Microvms microvms;
        final URI endpoint;
        final List<MicrovmImage> deployed = new CopyOnWriteArrayList<>();

        @Nullable
        MicrovmImage image;

        ClassResources(Microvms microvms, URI endpoint) {
            this.microvms = microvms;
            this.endpoint = endpoint;
        }

        @Override
        public MicrovmImage deploy(Path project) {
            try {
                MicrovmImage built = MicrovmsExtension.deploy(microvms, endpoint, project);
                deployed.add(built);
                return built;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot package the project in " + project, e);
            }
        }

        @Override
        public void close() {
            try {
                for (MicrovmImage each : deployed) {
                    try (Stream<Microvm> running = each.microvms()) {
                        running.filter(m ->
                                        m.state() != MicrovmState.TERMINATED && m.state() != MicrovmState.TERMINATING)
                                .map(Microvm::terminate)
                                .toList()
                                .forEach(Microvm::waitUntilTerminated);
                    }
                }
            } finally {
                microvms.close();
            }
        }
    }

    /** An emulator for the whole test run, on a free port, with its state in a directory deleted at the end. */
    private static final class EmulatorResource implements ExtensionContext.Store.CloseableResource {
        final Emulator emulator;
        final Path state;

        private EmulatorResource(Emulator emulator, Path state) {
            this.emulator = emulator;
            this.state = state;
        }

        static EmulatorResource start() {
            try {
                Path state = Files.createTempDirectory("microvms-testkit");
                return new EmulatorResource(
                        Emulator.builder().port(0).stateDirectory(state).start(), state);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make a state directory for the emulator", e);
            }
        }

        @Override
        public void close() {
            emulator.close();
            // A temporary directory: what cannot be deleted now is left to the system's cleaning.
            try {
                Trees.deleteRecursively(state);
            } catch (IOException e) {
                System.getLogger(MicrovmsExtension.class.getName())
                        .log(System.Logger.Level.DEBUG, "Left the emulator's state in " + state, e);
            }
        }
    }
}
