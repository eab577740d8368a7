/**
 * STS on the emulator's port: GetCallerIdentity in the query protocol, so that tools learn the emulator's
 * account as they learn an AWS account's.
 */
@NullMarked
package dev.microvms.emulator.sts;

import org.jspecify.annotations.NullMarked;
