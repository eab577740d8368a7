/** The S3 subset that a deploy needs, served on the emulator's port. */
@NullMarked
package dev.microvms.emulator.s3;

import org.jspecify.annotations.NullMarked;
