/**
 * CloudWatch Logs on the emulator's port (JSON 1.1 with {@code X-Amz-Target}): log groups, streams and
 * events kept in the emulator's store, and the shipping of MicroVMs' output and build logs into them, as
 * the service does for a MicroVM or an image whose logging names a CloudWatch log group.
 */
@NullMarked
package dev.microvms.emulator.logs;

import org.jspecify.annotations.NullMarked;
