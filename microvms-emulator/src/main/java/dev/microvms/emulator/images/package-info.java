/** A built image version's files on disk: its tree and launch description, and file-tree helpers. */
@NullMarked
package dev.microvms.emulator.images;

import org.jspecify.annotations.NullMarked;
