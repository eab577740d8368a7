/** How the SDK works inside: not part of the API, and free to change in any release. */
@NullMarked
package dev.microvms.sdk.internal;

import org.jspecify.annotations.NullMarked;
