/**
 * The local emulator of AWS Lambda MicroVMs: {@link dev.microvms.emulator.Emulator} serves the API and an
 * S3 subset on one port of 127.0.0.1 and runs MicroVMs on this machine.
 */
@NullMarked
package dev.microvms.emulator;

import org.jspecify.annotations.NullMarked;
