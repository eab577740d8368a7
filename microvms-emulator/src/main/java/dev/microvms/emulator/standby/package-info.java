/**
 * Apps started ahead of their MicroVMs, standing in for the service's snapshots: the process that passed
 * {@code ready} in the build (and then {@code validate}) is frozen and kept, and RunMicrovm thaws it instead
 * of starting the app again; another is prepared in the background.
 */
@NullMarked
package dev.microvms.emulator.standby;

import org.jspecify.annotations.NullMarked;
