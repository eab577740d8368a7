package dev.microvms.cli.internal.aws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;

/**
 * What {@code bootstrap} made in one account and Region, recorded in {@code
 * ~/.lambda-microvms/accounts/<account>/<region>.yml} where {@code deploy} and {@code run} find it. microvm.yml
 * wins over it: a project's {@code artifact.bucket}, {@code image.buildRoleArn}, {@code run.executionRoleArn}
 * and {@code run.logging} are used when set, and this record fills in the rest. A person may edit it.
 *
 * @param account the account id
 * @param region the Region
 * @param bucket the artifact bucket
 * @param buildRoleArn the build role
 * @param executionRoleArn the execution role
 * @param logGroupPrefix where the roles may write logs; a project's logs go to its name under it
 */
public record AccountRecord(
        String account,
        String region,
        String bucket,
        String buildRoleArn,
        String executionRoleArn,
        String logGroupPrefix) {

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** @return the record of what a plan makes */
    public static AccountRecord of(BootstrapPlan plan) {
        return new AccountRecord(
                plan.account(),
                plan.region(),
                plan.bucket(),
                plan.buildRoleArn(),
                plan.executionRoleArn(),
                BootstrapPlan.LOG_GROUP_PREFIX);
    }

    /**
     * @param home the CLI's directory, {@code ~/.lambda-microvms}
     * @param account an account id
     * @param region a Region
     * @return where that account and Region's record is
     */
    public static Path file(Path home, String account, String region) {
        return home.resolve("accounts").resolve(account).resolve(region + ".yml");
    }

    /**
     * @param imageName an image's name
     * @return the log group of its MicroVMs and builds
     */
    public String logGroup(String imageName) {
        return logGroupPrefix + imageName;
    }

    /**
     * @param file a record's file
     * @return the record, or null when there is none
     * @throws UncheckedIOException when it cannot be read or is not a record, saying how to fix it
     */
    public static @Nullable AccountRecord read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            AccountRecord r = YAML.readValue(file.toFile(), AccountRecord.class);
            if (r == null || r.bucket() == null || r.buildRoleArn() == null || r.executionRoleArn() == null) {
                throw new IOException("bucket, buildRoleArn or executionRoleArn is missing");
            }
            return r.logGroupPrefix() == null
                    ? new AccountRecord(
                            r.account(),
                            r.region(),
                            r.bucket(),
                            r.buildRoleArn(),
                            r.executionRoleArn(),
                            BootstrapPlan.LOG_GROUP_PREFIX)
                    : r;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read " + file + " (" + e.getMessage()
                            + "); run 'lambda-microvms bootstrap' again to write it anew, or remove it.",
                    e);
        }
    }

    /**
     * Writes this record so that a crash leaves the old file or the new one.
     *
     * @param file where
     */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            String text = "# What 'lambda-microvms bootstrap' made in account " + account + ", " + region
                    + ". deploy and run use it for what microvm.yml does not set.\n" + YAML.writeValueAsString(this);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
