/**
 * The {@code lambda-microvms} command line: {@link dev.microvms.cli.Main} and its exit codes. Commands are in
 * {@code dev.microvms.cli.commands}; {@code dev.microvms.cli.internal} is not API.
 */
@NullMarked
package dev.microvms.cli;

import org.jspecify.annotations.NullMarked;
