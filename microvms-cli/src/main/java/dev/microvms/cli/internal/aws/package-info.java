/**
 * Not API: the AWS side of the CLI, the same against the emulator: what {@code bootstrap} makes and records,
 * where deploy and run find it, doctor's online checks, and reading CloudWatch Logs.
 */
@NullMarked
package dev.microvms.cli.internal.aws;

import org.jspecify.annotations.NullMarked;
