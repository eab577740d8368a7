package dev.microvms.cli.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.cli.internal.UsageException;
import dev.microvms.model.Logging;
import dev.microvms.project.ProjectFile;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where run's execution role and logging come from: the option, microvm.yml, then bootstrap's record. */
class RunLoggingTest {
    private static final AccountRecord RECORD = AccountRecord.of(BootstrapPlan.of("123456789012", "us-east-1", null));
    private static final String MINE = "arn:aws:iam::123456789012:role/mine";

    private static ProjectFile.RunSettings run(String role, ProjectFile.LogSettings logging) {
        return new ProjectFile.RunSettings(null, null, null, null, null, role, logging);
    }

    @Test
    void nothingSet_usesBootstrapsRoleAndTheImagesGroup() {
        RunLogging r = RunLogging.resolve(null, null, "hello", () -> RECORD);

        assertThat(r.executionRoleArn()).isEqualTo(RECORD.executionRoleArn());
        assertThat(r.logging()).isEqualTo(Logging.cloudWatch("/lambda-microvms/hello", null));
    }

    @Test
    void nothingSetAndNothingRecorded_runsWithoutLogging() {
        RunLogging r = RunLogging.resolve(null, null, "hello", () -> null);

        assertThat(r.executionRoleArn()).isNull();
        assertThat(r.logging()).isNull();
    }

    @Test
    void ownRole_isNotGivenADefaultGroup_andTheRecordIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();
        RunLogging r = RunLogging.resolve(MINE, null, "hello", () -> {
            asked.incrementAndGet();
            return RECORD;
        });

        assertThat(r.executionRoleArn()).isEqualTo(MINE);
        assertThat(r.logging()).isNull();
        assertThat(asked).hasValue(0);
    }

    @Test
    void ownRoleAndGroup_fromMicrovmYml() {
        RunLogging r = RunLogging.resolve(
                null, run(MINE, new ProjectFile.LogSettings(null, "/mine", "app")), "hello", () -> RECORD);

        assertThat(r.executionRoleArn()).isEqualTo(MINE);
        assertThat(r.logging()).isEqualTo(Logging.cloudWatch("/mine", "app"));
    }

    @Test
    void loggingOff_sendsNoLoggingAndAsksNothing() {
        RunLogging r =
                RunLogging.resolve(null, run(null, new ProjectFile.LogSettings(false, null, null)), "hello", () -> {
                    throw new AssertionError("not asked");
                });

        assertThat(r.logging()).isNull();
        assertThat(r.executionRoleArn()).isNull();
    }

    @Test
    void aGroupWithoutAnyRole_isAUsageErrorBeforeTheServiceRefusesIt() {
        assertThatThrownBy(() -> RunLogging.resolve(
                        null, run(null, new ProjectFile.LogSettings(null, "/mine", null)), "hello", () -> null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no execution role");
    }
}
