/** The emulator's HTTP plumbing: calls and answers independent of the server, and the Jetty adapter. */
@NullMarked
package dev.microvms.emulator.http;

import org.jspecify.annotations.NullMarked;
