package dev.microvms.emulator.core;

import java.util.ArrayList;
import java.util.List;

/** An image builder that answers what the test tells it to, and records every job it was given. */
final class FakeImageBuilder implements ImageBuilder {
    /** The sizes a successful build reports (those of the recorded get-build fixture). */
    static final SnapshotSizes SIZES = new SnapshotSizes(609_087_488L, 186_400_768L, 25_600_000L);

    private final List<BuildJob> jobs = new ArrayList<>();
    private final List<String> discarded = new ArrayList<>();
    private volatile ImageBuilder answer = job -> BuildResult.success(SIZES);
    private volatile Runnable afterDiscardWork = () -> {};

    @Override
    public BuildResult build(BuildJob job) throws InterruptedException {
        synchronized (jobs) {
            jobs.add(job);
        }
        return answer.build(job);
    }

    @Override
    public void discardWork(BuildJob job) {
        synchronized (jobs) {
            discarded.add("work of " + job.imageName() + " " + job.version());
        }
        afterDiscardWork.run();
    }

    /** Runs {@code action} each time a failed build's work is discarded (to free a full disk, say). */
    void afterDiscardWork(Runnable action) {
        afterDiscardWork = action;
    }

    @Override
    public void discard(BuildJob job) {
        synchronized (jobs) {
            discarded.add("files of " + job.imageName() + " " + job.version());
        }
    }

    /** @return what was discarded so far, oldest first, such as {@code files of app 1.0} */
    List<String> discarded() {
        synchronized (jobs) {
            return List.copyOf(discarded);
        }
    }

    /** Builds from now on succeed with {@link #SIZES}. */
    void succeed() {
        answer = job -> BuildResult.success(SIZES);
    }

    /** Builds from now on fail with the service's reason and code. */
    void fail(String reason, String code) {
        answer = job -> BuildResult.failure(reason, code);
    }

    /** Builds from now on run {@code step}, which can look at the control plane while the build runs. */
    void answer(ImageBuilder step) {
        answer = step;
    }

    /** @return the jobs built so far, oldest first */
    List<BuildJob> jobs() {
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
    }
}
