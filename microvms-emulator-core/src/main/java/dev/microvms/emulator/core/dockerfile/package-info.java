/**
 * Builds a MicroVM image from a Dockerfile without Docker: {@link
 * dev.microvms.emulator.core.dockerfile.Dockerfile#parse(String)} reads the Dockerfile into instructions, and
 * {@link dev.microvms.emulator.core.dockerfile.ImageAssembler} evaluates them against a build context into the
 * image's file tree, handing RUN steps to a {@link dev.microvms.emulator.core.dockerfile.StepRunner} and
 * returning an {@link dev.microvms.emulator.core.dockerfile.AssembledImage} (the command to start, the
 * environment, the working directory, the ports and the notes for the build log).
 *
 * <p>The host stands in for the base image: the tree holds only the files the Dockerfile puts there, and
 * package-manager steps of the base image ({@code dnf install}, {@code apt-get install}, ...) are skipped
 * with a note. Everything else follows Docker's (BuildKit's) rules; where the emulator differs, the
 * error or the note says so.
 */
@NullMarked
package dev.microvms.emulator.core.dockerfile;

import org.jspecify.annotations.NullMarked;
