package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a MicroVM's stdout and stderr from their pipes into {@link RotatingLog}s, one thread each, so
 * that an app that writes without end fills no disk. When both streams go to the same file (a build's
 * log), they share one log. The threads end when every process of the MicroVM has closed the pipes.
 */
public final class OutputPumps {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPumps.class);
    private static final int BUFFER = 64 * 1024;

    private final List<Thread> threads = new ArrayList<>();
    private final List<RotatingLog> logs = new ArrayList<>();

    private OutputPumps() {}

    /**
     * Starts copying.
     *
     * @param name the MicroVM's id, for the threads' names
     * @param process the started process, with piped stdout and stderr
     * @param stdout where its standard output goes
     * @param stderr where its standard error goes
     * @param segment how many bytes one segment of each log holds
     * @return the running pumps
     * @throws IOException when a log cannot be opened
     */
    public static OutputPumps start(String name, Process process, Path stdout, Path stderr, long segment)
            throws IOException {
        OutputPumps pumps = new OutputPumps();
        try {
            RotatingLog out = pumps.open(stdout, segment);
            RotatingLog err = samePath(stdout, stderr) ? out : pumps.open(stderr, segment);
            pumps.pump(name + "-stdout", process.getInputStream(), out);
            pumps.pump(name + "-stderr", process.getErrorStream(), err);
            return pumps;
        } catch (IOException | RuntimeException e) {
            pumps.closeLogs();
            throw e;
        }
    }

    /**
     * Waits until both streams have ended, then closes the logs.
     *
     * @param millis how long to wait at most
     */
    public void await(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (threads.stream().noneMatch(Thread::isAlive)) {
            closeLogs();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private RotatingLog open(Path file, long segment) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        RotatingLog log = new RotatingLog(file, segment);
        logs.add(log);
        return log;
    }

    private void pump(String name, InputStream in, RotatingLog log) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[BUFFER];
                    try (in) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            log.write(buffer, n);
                        }
                    } catch (IOException e) {
                        LOG.debug("The output pump {} stopped: {}", name, e.toString());
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private synchronized void closeLogs() {
        for (RotatingLog log : logs) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.debug("Could not close a log", e);
            }
        }
        logs.clear();
    }

    private static boolean samePath(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
