package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Gives sandboxes that may reach out ({@code INTERNET_EGRESS}, build steps) their way out: a {@link
 * NetworkGate} that holds the sandbox back, the {@link UserNetwork} stack attached to its namespace, then
 * the gate opened. Without a stack, such sandboxes get only {@code lo}, and {@link #detail()} says why.
 */
public final class SandboxNetwork {
    private final Optional<UserNetwork> network;
    private final String detail;

    /** @param detected the stack found on this machine, or why there is none */
    public SandboxNetwork(UserNetwork.Detected detected) {
        this.network = detected.network();
        this.detail = detected.detail();
    }

    /** @return the stack and how it is used, or why there is none */
    public String detail() {
        return detail;
    }

    /** @return true when sandboxes can be given a way out */
    public boolean available() {
        return network.isPresent();
    }

    /**
     * @return a closed gate whose pipe is in this JVM's private directory, or null when there is no stack
     * @throws IOException when the pipe cannot be made
     */
    public @Nullable NetworkGate gate() throws IOException {
        return gate(PrivateFiles.unique("gate-", ".fifo"));
    }

    /**
     * @param fifo where to make the gate's pipe
     * @return a closed gate, or null when there is no stack to attach
     * @throws IOException when the pipe cannot be made
     */
    public @Nullable NetworkGate gate(Path fifo) throws IOException {
        return network.isPresent() ? NetworkGate.create(fifo) : null;
    }

    /**
     * Attaches the stack to a sandbox waiting behind its gate, then opens the gate, whatever happened: a
     * sandbox whose stack failed runs with {@code lo} only.
     *
     * @param gate the sandbox's gate
     * @param inside the sandbox
     * @param log where the stack's own output goes
     * @param failure told why, when the sandbox runs without its way out
     * @return what ends the stack, to run when the sandbox has ended
     */
    public Runnable attach(NetworkGate gate, SandboxInside inside, Path log, Consumer<String> failure) {
        try (gate) {
            if (network.isEmpty()) {
                failure.accept(detail);
                return () -> {};
            }
            long pid = inside.awaitPid();
            UserNetwork.Attached attached = network.get().attach(pid, inside.owner(), log);
            return attached::close;
        } catch (IOException | RuntimeException e) {
            failure.accept(network.map(UserNetwork::toString).orElse("the user-mode network")
                    + " could not be attached: " + e.getMessage());
            return () -> {};
        }
    }
}
