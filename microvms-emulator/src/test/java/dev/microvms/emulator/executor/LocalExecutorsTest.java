package dev.microvms.emulator.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalExecutorsTest {

    @Test
    void detect_bubblewrapInstalled_choosesTheSandbox() {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed");

        DetectedExecutor detected = LocalExecutors.detect();

        assertThat(detected.executor().name()).isEqualTo("sandbox");
        assertThat(detected.reason()).contains("bubblewrap").contains("namespaces");
    }

    @Test
    void choose_bubblewrapMissing_fallsBackToTheHostAndSaysHowToGetTheSandbox() {
        DetectedExecutor detected =
                LocalExecutors.choose(new BwrapProbe.Result(Optional.empty(), false, "bubblewrap is not installed"));

        assertThat(detected.executor()).isInstanceOf(HostExecutor.class);
        assertThat(detected.reason())
                .contains("bubblewrap is not installed")
                .contains("apt-get install bubblewrap")
                .contains("user namespaces");
    }

    @Test
    void probe_bubblewrapThatFails_reportsItsOutput() {
        BwrapProbe.Result result = BwrapProbe.probe(Optional.of(Path.of("/bin/false")));

        assertThat(result.works()).isFalse();
        assertThat(result.detail()).contains("exit code 1");
    }
}
