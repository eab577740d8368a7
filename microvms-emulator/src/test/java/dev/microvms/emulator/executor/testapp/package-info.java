/** A small app for the executor tests: it runs in its own JVM, inside a sandbox or on the host. */
@NullMarked
package dev.microvms.emulator.executor.testapp;

import org.jspecify.annotations.NullMarked;
