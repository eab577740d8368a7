/**
 * The guest library: the hook listener for the Java app that runs inside an AWS Lambda MicroVM. {@link
 * dev.microvms.guest.MicrovmGuest} is the entry point; {@link dev.microvms.guest.RunHandler}, {@link
 * dev.microvms.guest.HookHandler} and {@link dev.microvms.guest.RunContext} are what the app's handlers see.
 * It needs nothing beyond the JDK. {@code dev.microvms.guest.internal} is not part of the API.
 */
@NullMarked
package dev.microvms.guest;

import org.jspecify.annotations.NullMarked;
