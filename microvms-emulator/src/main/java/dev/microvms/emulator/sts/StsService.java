package dev.microvms.emulator.sts;

/**
 * The emulator's STS: every caller is the root of the emulator's one account, whatever keys it signs with,
 * since the emulator checks no signature.
 */
public final class StsService {
    private final String account;

    /** @param account the emulator's account id */
    public StsService(String account) {
        this.account = account;
    }

    /** @return the identity of any caller: the account's root */
    public CallerIdentity callerIdentity() {
        return new CallerIdentity(account, "arn:aws:iam::" + account + ":root", account);
    }
}
