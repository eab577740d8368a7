/** The AWS Lambda MicroVMs API on the wire: routes, request reading, and answers as the service gives them. */
@NullMarked
package dev.microvms.emulator.api;

import org.jspecify.annotations.NullMarked;
