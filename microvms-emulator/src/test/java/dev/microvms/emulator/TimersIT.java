package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.Microvm;
import dev.microvms.emulator.core.MicrovmLaunch;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.MicrovmState;
import dev.microvms.emulator.core.RequestContext;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.model.RunMicrovmRequest;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's one-second timers go on after anything at all goes wrong in one of their runs. */
class TimersIT {
    private static final RequestContext CTX = new RequestContext("us-east-1", "000000000000");

    private final MutableClock time = new MutableClock();
    private final AtomicReference<Supplier<Throwable>> failNextTick = new AtomicReference<>();
    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void anErrorInOneTick_leavesTheTimersRunning() throws Exception {
        emulator = emulator().start();
        String id = runningMicrovm(60);

        failNextTick.set(() -> new Error("injected into the timers"));
        await(() -> failNextTick.get() == null);
        time.advance(Duration.ofSeconds(120));

        await(() -> emulator.controlPlane().microvms().get(CTX, id).state() == MicrovmState.TERMINATED);
    }

    @Test
    void anOutOfMemoryErrorInTheTimers_goesToTheFatalErrorHandler() throws Exception {
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        emulator = emulator().onFatalError((e, error) -> fatal.complete(error)).start();

        failNextTick.set(() -> new OutOfMemoryError("injected into the timers"));

        assertThat(fatal.get(20, TimeUnit.SECONDS)).hasMessage("injected into the timers");
    }

    @Test
    void embeddedEmulator_stopsServingAfterAFatalError() throws Exception {
        emulator = emulator().start();
        int port = emulator.port();

        failNextTick.set(() -> new OutOfMemoryError("injected into the timers"));

        await(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        });
    }

    private Emulator.Builder emulator() {
        return Emulator.builder()
                .port(0)
                .clock(new FailingClock())
                .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .runtime(context -> new NothingRuns());
    }

    private String runningMicrovm(int maximumDurationInSeconds) throws Exception {
        var plane = emulator.controlPlane();
        String arn = plane.images()
                .create(CTX, EmulatorApiIT.image("timers").build())
                .image()
                .arn();
        await(() -> plane.images().runnable(CTX, arn, null) != null);
        Microvm m = plane.microvms()
                .run(
                        CTX,
                        RunMicrovmRequest.builder()
                                .imageIdentifier(arn)
                                .maximumDurationInSeconds(maximumDurationInSeconds)
                                .build());
        await(() -> plane.microvms().get(CTX, m.microvmId()).state() == MicrovmState.RUNNING);
        return m.microvmId();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // such as a 404 while a build finishes
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not so after 20 s");
            }
            Thread.sleep(20);
        }
    }

    /** The test's clock, which throws what the test says the next time the timers read it. */
    private final class FailingClock extends Clock {
        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().equals("emulator-timers")) {
                Supplier<Throwable> failure = failNextTick.getAndSet(null);
                if (failure != null) {
                    Throwable t = failure.get();
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) t;
                }
            }
            return time.instant();
        }

        @Override
        public ZoneId getZone() {
            return time.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A runtime that starts nothing: MicroVMs are RUNNING as soon as they are asked to start. */
    static final class NothingRuns implements MicrovmRuntime {
        @Override
        public String start(MicrovmLaunch launch) {
            return "127.0.0.1:1";
        }

        @Override
        public void suspend(String microvmId) {}

        @Override
        public void resume(String microvmId) {}

        @Override
        public void terminate(String microvmId) {}
    }
}
