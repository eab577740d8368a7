package dev.microvms.emulator.executor;

import java.io.IOException;

/**
 * Runs the processes of MicroVMs on this machine: the build's RUN steps and each MicroVM's app. The
 * sandbox executor gives every MicroVM its own mount, network and PID namespaces; the host executor runs
 * plain processes where namespaces are not available.
 */
public interface Executor {

    /** @return a short name for messages and logs, such as {@code sandbox} or {@code host} */
    String name();

    /**
     * Runs one build step (a Dockerfile RUN) to completion inside the image's file tree.
     *
     * @param step what to run, where, and where its output goes
     * @return the exit code and the tail of the output
     * @throws IOException when the step cannot be started
     * @throws InterruptedException when the thread is interrupted while it runs
     */
    StepResult runStep(StepSpec step) throws IOException, InterruptedException;

    /**
     * Starts an app (a MicroVM's ENTRYPOINT/CMD) and returns at once; the app runs until it exits or is
     * killed.
     *
     * @param launch what to start, where, and where its output goes
     * @return the running app
     * @throws IOException when the app cannot be started
     */
    GuestProcess start(LaunchSpec launch) throws IOException;
}
