/**
 * The executors of the local emulator: they run the build's RUN steps and each MicroVM's app as local
 * processes. {@link dev.microvms.emulator.executor.LocalExecutors#detect()} picks the {@link
 * dev.microvms.emulator.executor.SandboxExecutor} (bubblewrap namespaces) where it works, else the
 * {@link dev.microvms.emulator.executor.HostExecutor}.
 */
@NullMarked
package dev.microvms.emulator.executor;

import org.jspecify.annotations.NullMarked;
