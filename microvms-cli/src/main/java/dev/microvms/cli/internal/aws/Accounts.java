package dev.microvms.cli.internal.aws;

import dev.microvms.cli.internal.AwsClients;
import dev.microvms.cli.internal.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The account a run works in, and what {@code bootstrap} recorded for it: the caller's account comes from STS
 * (GetCallerIdentity), the record from {@code <home>/accounts/<account>/<region>.yml}. With {@code --local}
 * the emulator's account needs no set-up of its own: when nothing is recorded for it, this bootstraps it, with
 * the same code {@code bootstrap} runs.
 */
public final class Accounts {
    private final Settings settings;
    private final Consumer<String> progress;
    private @Nullable String account;

    /**
     * What a bootstrap did and recorded.
     *
     * @param record what it recorded
     * @param file where
     * @param steps what it did, a step per resource
     * @param written whether the record was written (else it was already as it is)
     */
    public record Bootstrapped(AccountRecord record, Path file, List<Bootstrapper.Step> steps, boolean written) {}

    /**
     * @param settings this run's settings
     * @param progress where a line goes for each change a bootstrap makes
     */
    public Accounts(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** @return the caller's account id, asked of STS once */
    public String account() {
        if (account == null) {
            try (StsClient sts = AwsClients.sts(settings)) {
                account = sts.getCallerIdentity().account();
            }
        }
        return account;
    }

    /** @return where this account and Region's record is */
    public Path recordFile() {
        return AccountRecord.file(settings.home(), account(), settings.regionOrChain());
    }

    /**
     * @return what bootstrap recorded for this account and Region; with {@code --local}, when nothing is, the
     *     emulator is bootstrapped first; else null. Without {@code --local}, when nothing is recorded for the
     *     Region for any account, STS is not asked: a missing setting is then told without the network.
     */
    public @Nullable AccountRecord recorded() {
        if (!settings.local() && !anyRecorded()) {
            return null;
        }
        AccountRecord record = AccountRecord.read(recordFile());
        if (record == null && settings.local()) {
            return bootstrap(null).record();
        }
        return record;
    }

    /**
     * Makes or brings in line the bucket and roles, and records them.
     *
     * @param bucket a bucket name, or null for the usual one
     * @return what was done and recorded
     */
    public Bootstrapped bootstrap(@Nullable String bucket) {
        Path file = recordFile();
        AccountRecord before = readable(file);
        // Without --bucket, the bucket recorded before (a --bucket of an earlier run) is kept.
        String name = bucket != null ? bucket : before != null ? before.bucket() : null;
        BootstrapPlan plan = BootstrapPlan.of(account(), settings.regionOrChain(), name);
        List<Bootstrapper.Step> steps;
        try (S3Client s3 = AwsClients.s3(settings);
                IamClient iam = AwsClients.iam(settings)) {
            steps = new Bootstrapper(s3, iam, progress).apply(plan);
        }
        AccountRecord record = AccountRecord.of(plan);
        boolean write = !record.equals(before);
        if (write) {
            record.write(file);
        }
        return new Bootstrapped(record, file, steps, write);
    }

    /** @return whether a record of this Region is there for some account; one that cannot be listed counts */
    private boolean anyRecorded() {
        String name = settings.regionOrChain() + ".yml";
        try (Stream<Path> accounts = Files.list(settings.home().resolve("accounts"))) {
            return accounts.anyMatch(account -> Files.exists(account.resolve(name)));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A record that cannot be read is written anew by a bootstrap, so it counts as none. */
    private static @Nullable AccountRecord readable(Path file) {
        try {
            return AccountRecord.read(file);
        } catch (java.io.UncheckedIOException e) {
            return null;
        }
    }
}
