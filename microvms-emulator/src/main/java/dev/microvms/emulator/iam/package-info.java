/**
 * The IAM role operations the kit uses, on the emulator's port in IAM's query protocol: roles, their trust
 * policies, inline policies and attached managed policies, kept in the emulator's store. The emulator
 * keeps roles but enforces none of them, as the service is not recorded enforcing any.
 */
@NullMarked
package dev.microvms.emulator.iam;

import org.jspecify.annotations.NullMarked;
