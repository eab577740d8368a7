/** Real image builds on this machine: artifacts, the Dockerfile, the build hooks, and the built versions' files. */
@NullMarked
package dev.microvms.emulator.build;

import org.jspecify.annotations.NullMarked;
