/** Not API: the CLI's settings, shared options, output and error mapping. */
@NullMarked
package dev.microvms.cli.internal;

import org.jspecify.annotations.NullMarked;
