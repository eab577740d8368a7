package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.MicrovmIds;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Progress;
import dev.microvms.cli.internal.Views;
import dev.microvms.sdk.Microvm;
import dev.microvms.sdk.Microvms;
import dev.microvms.sdk.WaiterOptions;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code suspend}, {@code resume} and {@code terminate}: a call, then a wait for the state it leads to. */
public final class StateCommands {
    private StateCommands() {}

    /** What the three commands share: the MicroVM's id, the options, and the call-then-wait. */
    static final class Change {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        OutputOptions output;

        @Parameters(paramLabel = "MICROVM-ID", description = "The MicroVM's id, or the start of it.")
        String microvmId = "";

        @Option(names = "--no-wait", description = "Return once the service accepts the call; do not wait.")
        boolean noWait;

        int apply(
                CliContext context, UnaryOperator<Microvm> change, BiFunction<Microvm, WaiterOptions, Microvm> waiter) {
            try (Microvms microvms = connection.open(context)) {
                Microvm vm = change.apply(microvms.microvm(MicrovmIds.resolveId(microvms, microvmId)));
                Microvm seen =
                        noWait ? vm.refresh() : waiter.apply(vm, Progress.waiter(context.err(), context.local()));
                new Printer(context.out(), output.format()).print(seen.data(), Views.microvm(seen.data()));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code suspend MICROVM-ID}. */
    @Command(
            name = "suspend",
            mixinStandardHelpOptions = true,
            description = "Suspend a RUNNING MicroVM (its memory is kept) and wait until it is SUSPENDED.")
    public static final class Suspend implements java.util.concurrent.Callable<Integer> {
        private final CliContext context;

        @Mixin
        Change change;

        /** @param context this run's context */
        public Suspend(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return change.apply(context, Microvm::suspend, Microvm::waitUntilSuspended);
        }
    }

    /** {@code resume MICROVM-ID}. */
    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a SUSPENDED MicroVM and wait until it is RUNNING.")
    public static final class Resume implements java.util.concurrent.Callable<Integer> {
        private final CliContext context;

        @Mixin
        Change change;

        /** @param context this run's context */
        public Resume(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return change.apply(context, Microvm::resume, Microvm::waitUntilRunning);
        }
    }

    /** {@code terminate MICROVM-ID}. */
    @Command(
            name = "terminate",
            mixinStandardHelpOptions = true,
            description = "Terminate a MicroVM and wait until it is TERMINATED.")
    public static final class Terminate implements java.util.concurrent.Callable<Integer> {
        private final CliContext context;

        @Mixin
        Change change;

        /** @param context this run's context */
        public Terminate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return change.apply(context, Microvm::terminate, Microvm::waitUntilTerminated);
        }
    }
}
