/**
 * A JUnit 5 extension that runs a project in the local emulator: {@link dev.microvms.testkit.MicrovmsTest}.
 */
@NullMarked
package dev.microvms.testkit;

import org.jspecify.annotations.NullMarked;
