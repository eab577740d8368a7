/**
 * Projects: {@code microvm.yml}, packaging a build context deterministically, and deploying it as an image.
 * The engine under the CLI and the JUnit extension in {@code microvms-testkit}; not a promised API yet.
 */
@NullMarked
package dev.microvms.project;

import org.jspecify.annotations.NullMarked;
