package dev.microvms.emulator.core;

/**
 * Messages of the live service, copied verbatim from the recordings in
 * {@code shared/reference/recordings/fixtures} (the path of each is beside it); where a recording shows
 * a redacted ARN or id, a method puts the test's own back in.
 */
final class Recorded {
    /** errors-validation/create-image-bad-name.json */
    static final String BAD_NAME = "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy"
            + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+";

    /** errors-validation/create-image-missing-required.json */
    static final String MISSING_REQUIRED = "3 validation errors detected: Value null at 'baseImageArn' failed to"
            + " satisfy constraint: Member must not be null; Value null at 'codeArtifact' failed to satisfy"
            + " constraint: Member must not be null; Value null at 'buildRoleArn' failed to satisfy constraint:"
            + " Member must not be null";

    /** throttle/run-burst.json (a 402 ServiceQuotaExceededException) */
    static final String MEMORY_QUOTA = "The base maximum allocated memory limit has been reached for this account.";

    /** tokens/shell-auth-token-without-ingress.json */
    static final String SHELL_WITHOUT_INGRESS =
            "Shell access requires SHELL_INGRESS network connector to be configured on the MicroVM.";

    /** errors-conflict/get-until-terminated.json, stateReason */
    static final String TERMINATED_REASON = "Success.";

    /** SERVICE.md section 1, "Live messages worth reproducing" */
    static final String RUN_HOOK_PAYLOAD =
            "The run hook must be enabled in the MicroVM image to pass the run hook payload";

    /** SERVICE.md section 1, "Live messages worth reproducing" */
    static final String LOGGING_WITHOUT_ROLE = "Logging cannot be enabled without providing executionRoleArn";

    /** SERVICE.md section 1, "Live messages worth reproducing" */
    static final String MALFORMED_ARN = "Malformed ARN - doesn't start with 'arn:'";

    private Recorded() {}

    /** errors-not-found/get-image-missing.json */
    static String imageNotFound(String imageArn) {
        return "MicroVMImage not found for MicroVMImageID: " + imageArn;
    }

    /** errors-not-found/get-version-missing.json */
    static String versionNotFound(String imageArn, String version) {
        return "MicroVMImage not found for MicroVMImage: " + imageArn + ", Version: " + version;
    }

    /** errors-not-found/run-vm-missing-image.json */
    static String noActiveVersion(String imageArn) {
        return "No active version found for MicroVM image " + imageArn;
    }

    /** SERVICE.md section 1: the same, for RunMicrovm with imageVersion */
    static String noActiveVersion(String imageArn, String version) {
        return "No active version found for MicroVM image " + imageArn + " and version " + version;
    }

    /** errors-not-found/get-vm-missing.json */
    static String microvmNotFound(String microvmId) {
        return "MicroVM not found: " + microvmId;
    }

    /** errors-conflict/suspend-terminated.json (a 400 ValidationException) */
    static String terminatedCannotChange(String microvmId) {
        return "The MicroVM " + microvmId + " has been terminated and its state cannot be changed.";
    }

    /** SERVICE.md section 1 */
    static String duplicateName(String name) {
        return "A MicroVM image with the name '" + name + "' already exists in this account";
    }
}
