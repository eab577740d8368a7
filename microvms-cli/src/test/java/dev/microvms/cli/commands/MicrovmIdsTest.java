package dev.microvms.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.cli.CliRun;
import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.StubService;
import dev.microvms.model.MicrovmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MicroVM ids may be shortened to a start that only one MicroVM's id has; ps hides TERMINATED ones. */
class MicrovmIdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNNING = "microvm-3eb112b0-0000-4000-8000-000000000001";
    private static final String OTHER = "microvm-3eb19999-0000-4000-8000-000000000002";
    private static final String DONE = "microvm-77aa0000-0000-4000-8000-000000000003";

    private final StubService stub;

    MicrovmIdsTest() throws Exception {
        stub = new StubService()
                .microvm(RUNNING, MicrovmState.RUNNING)
                .microvm(OTHER, MicrovmState.SUSPENDED)
                .microvm(DONE, MicrovmState.TERMINATED);
    }

    @AfterEach
    void close() {
        stub.close();
    }

    @Test
    void uniqueStart_findsTheMicrovm_withOrWithoutThePrefix() throws Exception {
        CliRun bare = CliRun.of(stub.env(), "get", "--local", "3eb11", "-o", "json");
        CliRun prefixed = CliRun.of(stub.env(), "get", "--local", "microvm-77a", "-o", "json");

        assertThat(bare.code()).as(bare.err()).isZero();
        assertThat(JSON.readTree(bare.out()).get("microvmId").asText()).isEqualTo(RUNNING);
        assertThat(JSON.readTree(prefixed.out()).get("microvmId").asText()).isEqualTo(DONE);
    }

    @Test
    void ambiguousStart_isAUsageErrorListingTheCandidates() {
        CliRun r = CliRun.of(stub.env(), "get", "--local", "3eb1");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(r.err()).contains("'3eb1' is the start of 2 MicroVMs' ids", RUNNING + " (RUNNING)", OTHER);
    }

    @Test
    void unknownStart_saysSoAndHowToListThem() {
        CliRun r = CliRun.of(stub.env(), "terminate", "--local", "ffff");

        assertThat(r.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(r.err()).contains("No MicroVM's id starts with 'ffff'", "ps --all");
    }

    @Test
    void ps_hidesTerminatedUnlessAll() throws Exception {
        CliRun shown = CliRun.of(stub.env(), "ps", "--local", "-o", "json");
        CliRun all = CliRun.of(stub.env(), "ps", "--local", "--all", "-o", "json");
        CliRun table = CliRun.of(stub.env(), "ps", "--local");

        assertThat(JSON.readTree(shown.out()).findValuesAsText("microvmId")).containsExactly(RUNNING, OTHER);
        assertThat(JSON.readTree(all.out()).findValuesAsText("microvmId")).containsExactly(RUNNING, OTHER, DONE);
        assertThat(table.err()).contains("1 TERMINATED not shown; --all shows them.");
    }
}
