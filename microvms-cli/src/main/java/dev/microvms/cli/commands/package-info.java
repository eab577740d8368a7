/** The commands of {@code lambda-microvms}, each a picocli command over the SDK. */
@NullMarked
package dev.microvms.cli.commands;

import org.jspecify.annotations.NullMarked;
