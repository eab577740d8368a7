/**
 * How the executors work: the bubblewrap command and its mounts, the port bridge (the relay inside the
 * sandbox and its client on the host), the cgroup and signal controls that freeze, thaw and kill a
 * MicroVM's processes as one, and the build-step runner. Not part of the API.
 */
@NullMarked
package dev.microvms.emulator.executor.internal;

import org.jspecify.annotations.NullMarked;
