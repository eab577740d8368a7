package dev.microvms.emulator.iam;

/** The IAM errors the emulator answers, with their codes and HTTP statuses as IAM sends them. */
public enum IamError {
    /** A role, policy or attachment that does not exist. */
    NO_SUCH_ENTITY(404, "NoSuchEntity"),
    /** A role name taken (names are compared without case). */
    ENTITY_ALREADY_EXISTS(409, "EntityAlreadyExists"),
    /** A policy document that is not JSON, or not a policy. */
    MALFORMED_POLICY_DOCUMENT(400, "MalformedPolicyDocument"),
    /** A quota of IAM's: roles per account, trust policy size, inline policy size, attachments per role. */
    LIMIT_EXCEEDED(409, "LimitExceeded"),
    /** A role deleted while policies are still on it. */
    DELETE_CONFLICT(409, "DeleteConflict"),
    /** A malformed policy ARN. */
    INVALID_INPUT(400, "InvalidInput"),
    /** A member outside its constraints. */
    VALIDATION_ERROR(400, "ValidationError");

    private final int status;
    private final String code;

    IamError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the error code on the wire */
    public String code() {
        return code;
    }
}
