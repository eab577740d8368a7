/** Real image builds on this machine: artifacts, the Dockerfile, the build hooks and the build log. */
@NullMarked
package dev.microvms.emulator.builder;

import org.jspecify.annotations.NullMarked;
