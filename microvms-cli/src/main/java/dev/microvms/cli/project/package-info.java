/**
 * Projects: {@code microvm.yml}, packaging a build context deterministically, and deploying it as an image.
 * Used by the CLI and by the JUnit extension in {@code microvms-testkit}; not a promised API.
 */
@NullMarked
package dev.microvms.cli.project;

import org.jspecify.annotations.NullMarked;
