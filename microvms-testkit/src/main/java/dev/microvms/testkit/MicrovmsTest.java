package dev.microvms.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the local emulator: starts one for the test run (or uses the one at
 * {@code MICROVMS_TESTKIT_ENDPOINT}), deploys the project under test from its {@code microvm.yml} and
 * Dockerfile, injects {@link dev.microvms.sdk.Microvms}, {@link dev.microvms.client.LambdaMicrovmsClient} and the
 * deployed {@link dev.microvms.sdk.MicrovmImage} into test methods (and a {@link ProjectDeployer} for more projects),
 * and terminates the images' MicroVMs after
 * the class.
 *
 * <pre>{@code
 * @MicrovmsTest
 * class AppIT {
 *     @Test
 *     void answers(MicrovmImage image) {
 *         try (MicrovmsSession s = image.session().after(AfterSession.TERMINATE).start()) {
 *             assertEquals(200, s.endpoint().get("/").statusCode());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The project is packaged as it is on disk: run the test after {@code package} (as a failsafe {@code *IT})
 * so that what the Dockerfile copies, such as {@code target/app.jar}, exists.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MicrovmsExtension.class)
public @interface MicrovmsTest {
    /** @return the project directory to deploy, relative to the working directory (Maven's is the module's) */
    String project() default ".";

    /** @return whether to deploy the project; false for tests that only need the emulator and the client */
    boolean deploy() default true;
}
