package dev.microvms.cli.internal;

import dev.microvms.cli.ExitCodes;
import dev.microvms.model.ListMicrovmsRequest;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MicroVM ids as typed: a whole id ({@code microvm-<uuid>}), or the start of one, with or without
 * {@code microvm-}, as long as only one MicroVM's id starts so.
 */
public final class MicrovmIds {
    private static final String PREFIX = "microvm-";
    private static final Pattern WHOLE =
            Pattern.compile("microvm-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private MicrovmIds() {}

    /**
     * Finds a MicroVM by its id or the start of it.
     *
     * @param microvms the SDK
     * @param given the id or its start, such as {@code 3eb1} or {@code microvm-3eb1}
     * @return the MicroVM, fetched
     * @throws UsageException when the start fits several MicroVMs, or is empty
     * @throws CliException when no MicroVM's id starts so
     */
    public static Microvm resolve(Microvms microvms, String given) {
        return microvms.microvm(resolveId(microvms, given));
    }

    /**
     * Finds a MicroVM's whole id from the start of it; a whole id is returned as it is, without a call.
     *
     * @param microvms the SDK
     * @param given the id or its start
     * @return the whole id
     */
    public static String resolveId(Microvms microvms, String given) {
        String id = given.trim();
        if (WHOLE.matcher(id).matches()) {
            return id;
        }
        String start = id.startsWith(PREFIX) ? id : PREFIX + id;
        if (start.length() == PREFIX.length()) {
            throw new UsageException("The MicroVM id is empty; give it, or its start, as 'lambda-microvms ps' shows.");
        }
        List<MicrovmSummary> matches =
                microvms
                        .client()
                        .listMicrovmsPaginator(ListMicrovmsRequest.builder().build())
                        .stream()
                        .filter(m -> m.microvmId().startsWith(start))
                        .toList();
        if (matches.size() == 1) {
            return matches.get(0).microvmId();
        }
        if (matches.isEmpty()) {
            throw new CliException(
                    ExitCodes.SERVICE_ERROR,
                    "No MicroVM's id starts with '" + id + "'; 'lambda-microvms ps --all' lists them.");
        }
        throw new UsageException("'" + id + "' is the start of " + matches.size() + " MicroVMs' ids: "
                + matches.stream()
                        .limit(5)
                        .map(m -> m.microvmId() + " (" + m.state() + ")")
                        .collect(Collectors.joining(", "))
                + (matches.size() > 5 ? ", ..." : "") + "; give more of the id.");
    }

    /**
     * Checks that a MicroVM can still be reached, with the way on when it cannot.
     *
     * @param vm the MicroVM, as last fetched
     * @return the same MicroVM
     * @throws CliException when it is terminated or terminating
     */
    public static Microvm requireLive(Microvm vm) {
        MicrovmState state = vm.state();
        if (state == MicrovmState.TERMINATED || state == MicrovmState.TERMINATING) {
            String reason = vm.stateReason() == null ? "" : " (reason: " + vm.stateReason() + ")";
            throw new CliException(
                    ExitCodes.SERVICE_ERROR,
                    "The MicroVM " + vm.id() + " is " + state + reason
                            + "; start a new one with 'lambda-microvms run'.");
        }
        return vm;
    }
}
