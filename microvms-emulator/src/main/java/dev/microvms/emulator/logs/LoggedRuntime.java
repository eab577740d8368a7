package dev.microvms.emulator.logs;

import dev.microvms.emulator.core.EndpointGate;
import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmLaunch;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.model.CloudWatchLogging;
import dev.microvms.model.Logging;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A runtime whose MicroVMs, when run with {@code logging.cloudWatch}, have their stdout and stderr shipped
 * into that log group and stream, as the service does. The stream, when RunMicrovm names none, is the
 * MicroVM's id: the service's own naming is not documented, so this is the emulator's choice. The runtime
 * underneath is unchanged: this follows the files it already writes.
 */
public final class LoggedRuntime implements MicrovmRuntime {
    private final MicrovmRuntime runtime;
    private final LogShipper shipper;
    private final Function<String, List<Path>> outputFiles;
    private final Map<String, LogShipper.Follow> follows = new ConcurrentHashMap<>();

    /**
     * @param runtime the runtime that runs the MicroVMs
     * @param shipper where their output goes
     * @param outputFiles a MicroVM's id to the files its stdout and stderr are written to
     */
    public LoggedRuntime(MicrovmRuntime runtime, LogShipper shipper, Function<String, List<Path>> outputFiles) {
        this.runtime = runtime;
        this.shipper = shipper;
        this.outputFiles = outputFiles;
    }

    /**
     * @param microvm a MicroVM
     * @return the log stream its output goes to: the one its logging names, else its id
     */
    public static String streamOf(Microvm microvm, CloudWatchLogging logging) {
        return logging.logStream() != null ? logging.logStream() : microvm.microvmId();
    }

    @Override
    public String start(MicrovmLaunch launch) throws InterruptedException {
        Microvm m = launch.microvm();
        if (m.logging() instanceof Logging.CloudWatch cw && cw.cloudWatch().logGroup() != null) {
            follows.put(
                    m.microvmId(),
                    shipper.follow(
                            m.region(),
                            cw.cloudWatch().logGroup(),
                            streamOf(m, cw.cloudWatch()),
                            outputFiles.apply(m.microvmId())));
        }
        return runtime.start(launch);
    }

    @Override
    public void suspend(String microvmId) throws InterruptedException {
        runtime.suspend(microvmId);
    }

    @Override
    public void resume(String microvmId) throws InterruptedException {
        runtime.resume(microvmId);
    }

    /** Terminates, then ships the last of the output (the terminate hook's too) and stops following it. */
    @Override
    public void terminate(String microvmId) {
        try {
            runtime.terminate(microvmId);
        } finally {
            LogShipper.Follow follow = follows.remove(microvmId);
            if (follow != null) {
                follow.close();
            }
        }
    }

    @Override
    public @Nullable String open(String microvmId, EndpointGate gate) {
        return runtime.open(microvmId, gate);
    }

    @Override
    public void attach(MicrovmService service) {
        runtime.attach(service);
    }

    @Override
    public void forget(String microvmId) {
        runtime.forget(microvmId);
    }

    @Override
    public void retire(String imageArn, String version) {
        runtime.retire(imageArn, version);
    }

    // close() is left to the emulator, which closes the runtime it wrapped.
}
