package dev.microvms.emulator.standby;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.executor.ExecSpec;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.ProcessSpawner;
import dev.microvms.emulator.hooks.NotReady;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's rules, with apps that only record what was done to them. */
class StandbyPoolTest {
    @TempDir
    Path root;

    private StandbyPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private Standby ready(FakeApp app) throws IOException {
        return Standby.ready(pool.newDirectory(), app);
    }

    @Test
    void offer_thenTake_givesTheBuildsAppThawedOnce() throws Exception {
        pool = new StandbyPool(root, 1);
        FakeApp app = new FakeApp();

        pool.offer("img/1.0", ready(app));

        assertThat(app.events).containsExactly("freeze");
        Standby taken = pool.take("img/1.0");
        assertThat(taken).isNotNull();
        assertThat(taken.app()).isSameAs(app);
        assertThat(app.events).containsExactly("freeze", "thaw");
        assertThat(pool.take("img/1.0")).isNull();
    }

    @Test
    void sizeZero_keepsNothing() throws Exception {
        pool = new StandbyPool(root, 0);
        FakeApp app = new FakeApp();
        Standby standby = ready(app);

        pool.offer("img/1.0", standby);

        app.killed.get(10, TimeUnit.SECONDS);
        assertThat(pool.take("img/1.0")).isNull();
        awaitGone(standby.directory());
    }

    @Test
    void retire_killsTheVersionsStandbysAndRemovesTheirFiles() throws Exception {
        pool = new StandbyPool(root, 1);
        FakeApp app = new FakeApp();
        Standby standby = ready(app);
        pool.offer("img/1.0", standby);

        pool.retire("img/1.0");

        app.killed.get(10, TimeUnit.SECONDS);
        awaitGone(standby.directory());
        assertThat(pool.take("img/1.0")).isNull();
    }

    @Test
    void refill_startedBeforeARetire_isNotKeptAfterIt() throws Exception {
        pool = new StandbyPool(root, 1);
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> proceed = new CompletableFuture<>();
        FakeApp app = new FakeApp();

        pool.refill("img/1.0", dir -> {
            started.complete(null);
            proceed.join();
            return Standby.ready(dir, app);
        });
        started.get(10, TimeUnit.SECONDS);
        pool.retire("img/1.0");
        proceed.complete(null);

        app.killed.get(10, TimeUnit.SECONDS);
        assertThat(pool.size("img/1.0")).isZero();
    }

    @Test
    void take_ofAStandbyStillStarting_leavesItRunningWhenItGetsReady() throws Exception {
        pool = new StandbyPool(root, 1);
        FakeApp app = new FakeApp();
        CompletableFuture<Void> readiness = new CompletableFuture<>();
        pool.offer("img/1.0", Standby.starting(pool.newDirectory(), app, readiness));

        Standby taken = pool.take("img/1.0");
        readiness.complete(null);

        assertThat(taken).isNotNull();
        assertThat(taken.ready()).isCompleted();
        assertThat(app.events).isEmpty();
    }

    @Test
    void standbyThatDoesNotGetReady_isDroppedAndKilled() throws Exception {
        pool = new StandbyPool(root, 1);
        FakeApp app = new FakeApp();
        CompletableFuture<Void> readiness = new CompletableFuture<>();
        pool.offer("img/1.0", Standby.starting(pool.newDirectory(), app, readiness));

        readiness.completeExceptionally(new NotReady("ready", null, null));

        app.killed.get(10, TimeUnit.SECONDS);
        assertThat(pool.size("img/1.0")).isZero();
        assertThat(pool.take("img/1.0")).isNull();
    }

    @Test
    void moreVersionsThanTheCap_theLeastRecentlyUsedGoFirst() throws Exception {
        pool = new StandbyPool(root, 1);
        List<FakeApp> apps = new ArrayList<>();
        for (int i = 0; i <= StandbyPool.MAX_STANDBYS; i++) {
            FakeApp app = new FakeApp();
            apps.add(app);
            pool.offer("img/" + i + ".0", ready(app));
        }

        apps.get(0).killed.get(10, TimeUnit.SECONDS);
        assertThat(pool.size("img/0.0")).isZero();
        for (int i = 1; i <= StandbyPool.MAX_STANDBYS; i++) {
            assertThat(pool.size("img/" + i + ".0")).isEqualTo(1);
        }
    }

    @Test
    void removeLeftovers_keepsOnlyTheLogsOfStandbysAMicrovmTook() throws Exception {
        Path microvms = Files.createDirectories(root.resolve("microvms"));
        Path standbys = root.resolve("standbys");
        Path taken = Files.createDirectories(standbys.resolve("standby-taken/rootfs/app"));
        Files.writeString(taken.getParent().getParent().resolve("stdout.log"), "hook run");
        Path left = Files.createDirectories(standbys.resolve("standby-left/rootfs/app"));
        Files.createSymbolicLink(microvms.resolve("microvm-1"), microvms.relativize(standbys.resolve("standby-taken")));
        pool = new StandbyPool(standbys, 1);

        pool.removeLeftovers(microvms);

        assertThat(standbys.resolve("standby-taken/stdout.log")).hasContent("hook run");
        assertThat(standbys.resolve("standby-taken/rootfs")).doesNotExist();
        assertThat(left.getParent().getParent()).doesNotExist();
    }

    private static void awaitGone(Path dir) throws InterruptedException {
        for (int i = 0; i < 10_000 && Files.exists(dir); i++) {
            Thread.sleep(1);
        }
        assertThat(dir).doesNotExist();
    }

    /** An app that records freezes and thaws, and is killed when asked. */
    private static final class FakeApp implements GuestProcess {
        final List<String> events = new ArrayList<>();
        final CompletableFuture<Integer> killed = new CompletableFuture<>();

        @Override
        public long pid() {
            return 0;
        }

        @Override
        public SocketChannel connect(int port) throws IOException {
            throw new IOException("no ports here");
        }

        @Override
        public <P extends Process> P exec(ExecSpec spec, ProcessSpawner<P> spawner) throws IOException {
            throw new IOException("no exec here");
        }

        @Override
        public synchronized void freeze() {
            events.add("freeze");
        }

        @Override
        public synchronized void thaw() {
            events.add("thaw");
        }

        @Override
        public void kill() {
            killed.complete(137);
        }

        @Override
        public boolean isAlive() {
            return !killed.isDone();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return killed.copy();
        }
    }
}
