package dev.microvms.emulator.executor;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the executor for this machine: the {@link SandboxExecutor} where bubblewrap can make
 * namespaces, else the {@link HostExecutor}.
 *
 * <pre>{@code
 * DetectedExecutor detected = LocalExecutors.detect();
 * Executor executor = detected.executor();   // "sandbox" here, "host" without bubblewrap
 * log.info(detected.reason());
 * }</pre>
 */
public final class LocalExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutors.class);

    private static final class Detected {
        static final DetectedExecutor INSTANCE = choose(BwrapProbe.probe(BwrapProbe.find()));
    }

    private LocalExecutors() {}

    /**
     * Probes bubblewrap once per JVM ({@code bwrap --unshare-all --ro-bind / / true}) and logs the choice.
     *
     * @return the executor and the reason it was chosen
     */
    public static DetectedExecutor detect() {
        return Detected.INSTANCE;
    }

    static DetectedExecutor choose(BwrapProbe.Result probe) {
        GuestGroups groups = GuestGroups.detected();
        DetectedExecutor detected;
        if (probe.works() && probe.bwrap().isPresent()) {
            SandboxExecutor sandbox = new SandboxExecutor(probe.bwrap().get(), groups);
            detected = new DetectedExecutor(
                    sandbox,
                    "Using the sandbox executor: " + probe.detail() + " gives each MicroVM its own mount, network and "
                            + "PID namespaces with " + sandbox.confinement() + "; " + sandbox.egress() + "; "
                            + sandbox.bridge()
                            + "; processes are frozen with the " + groups.description() + "; " + sandbox.limits());
        } else {
            detected = new DetectedExecutor(
                    new HostExecutor(groups),
                    "Using the host executor, because " + probe.detail() + ". MicroVMs run as plain processes: their"
                            + " ports are host ports (two MicroVMs cannot both use 8080) and their absolute paths are "
                            + "rewritten into the image's tree. For the sandbox, install bubblewrap (apt-get install "
                            + "bubblewrap, dnf install bubblewrap) and allow unprivileged user namespaces (sysctl "
                            + "kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0, or "
                            + "kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04). " + groups.limits());
        }
        if (probe.works()
                && (!(detected.executor() instanceof SandboxExecutor sandbox)
                        || (sandbox.limitsComplete() && sandbox.egressAvailable()))) {
            LOG.info(detected.reason());
        } else {
            LOG.warn(detected.reason());
        }
        return detected;
    }
}
