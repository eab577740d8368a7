package dev.microvms.emulator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A MicroVM runtime that runs nothing: it records every call ({@code "start microvm-..."}), keeps the
 * set of MicroVMs it would have processes for, hands out endpoints {@code 127.0.0.1:40001},
 * {@code 127.0.0.1:40002}, ... (from {@link #open}, or from {@link #start} when nothing was opened), and
 * fails a hook with the reason the test sets. Opening an endpoint is not recorded as a call, nor closing
 * one that no MicroVM was made for.
 */
final class FakeRuntime implements MicrovmRuntime {
    private final List<String> calls = new ArrayList<>();
    private final Set<String> live = new LinkedHashSet<>();
    private final Map<String, MicrovmLaunch> launches = new HashMap<>();
    private final Map<String, String> opened = new HashMap<>();
    private @Nullable MicrovmService attached;
    private int nextPort = 40_000;
    private @Nullable String startFailure;
    private @Nullable String suspendFailure;
    private @Nullable String resumeFailure;

    @Override
    public synchronized String open(String microvmId, EndpointGate gate) {
        nextPort++;
        String endpoint = "127.0.0.1:" + nextPort;
        opened.put(microvmId, endpoint);
        return endpoint;
    }

    /** @return the endpoints opened and not closed since, by MicroVM */
    synchronized Map<String, String> openEndpoints() {
        return Map.copyOf(opened);
    }

    @Override
    public synchronized String start(MicrovmLaunch launch) {
        String id = launch.microvm().microvmId();
        calls.add("start " + id);
        launches.put(id, launch);
        if (startFailure != null) {
            throw new HookFailure(startFailure);
        }
        live.add(id);
        String endpoint = opened.get(id);
        if (endpoint != null) {
            return endpoint;
        }
        nextPort++;
        return "127.0.0.1:" + nextPort;
    }

    @Override
    public synchronized void suspend(String microvmId) {
        calls.add("suspend " + microvmId);
        if (suspendFailure != null) {
            throw new HookFailure(suspendFailure);
        }
    }

    @Override
    public synchronized void resume(String microvmId) {
        calls.add("resume " + microvmId);
        if (resumeFailure != null) {
            throw new HookFailure(resumeFailure);
        }
    }

    @Override
    public synchronized void terminate(String microvmId) {
        calls.add("terminate " + microvmId);
        live.remove(microvmId);
    }

    @Override
    public synchronized void retire(String imageArn, String version) {
        calls.add("retire " + ImageVersion.key(imageArn, version));
    }

    @Override
    public synchronized void attach(MicrovmService service) {
        attached = service;
    }

    @Override
    public synchronized void forget(String microvmId) {
        if (opened.remove(microvmId) != null
                && !launches.containsKey(microvmId)
                && (attached == null || attached.find(microvmId) == null)) {
            return; // an endpoint opened for a RunMicrovm that made no MicroVM
        }
        calls.add("forget " + microvmId);
    }

    /** @return the service the control plane attached this runtime to */
    synchronized @Nullable MicrovmService attached() {
        return attached;
    }

    /** Starts fail from now on, with {@code stateReason}. */
    synchronized void failStart(String stateReason) {
        startFailure = stateReason;
    }

    /** Suspend hooks fail from now on, with {@code stateReason}. */
    synchronized void failSuspend(String stateReason) {
        suspendFailure = stateReason;
    }

    /** Resume hooks fail from now on, with {@code stateReason}. */
    synchronized void failResume(String stateReason) {
        resumeFailure = stateReason;
    }

    /** @return every call so far, such as {@code "start microvm-..."}, oldest first */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** @return the calls made for one MicroVM, by operation only: {@code ["start", "terminate"]} */
    synchronized List<String> callsFor(String microvmId) {
        List<String> found = new ArrayList<>();
        for (String call : calls) {
            if (call.endsWith(" " + microvmId)) {
                found.add(call.substring(0, call.indexOf(' ')));
            }
        }
        return found;
    }

    /** @return the MicroVMs started and not terminated since */
    synchronized Set<String> live() {
        return Set.copyOf(live);
    }

    /** @return what the control plane asked to start for a MicroVM */
    synchronized @Nullable MicrovmLaunch launch(String microvmId) {
        return launches.get(microvmId);
    }
}
