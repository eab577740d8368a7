/** How the client works inside: not part of the API, and free to change in any release. */
@NullMarked
package dev.microvms.client.internal;

import org.jspecify.annotations.NullMarked;
