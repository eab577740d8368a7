/** Where the emulator's state lives between runs. */
@NullMarked
package dev.microvms.emulator.store;

import org.jspecify.annotations.NullMarked;
