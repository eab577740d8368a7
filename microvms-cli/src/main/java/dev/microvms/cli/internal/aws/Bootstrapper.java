package dev.microvms.cli.internal.aws;

import dev.microvms.cli.internal.UsageException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Makes what a {@link BootstrapPlan} says, idempotently: each resource is read first and written only when it
 * is missing or differs, so that a second run changes nothing. It never takes over a role it did not make (one
 * without its tag).
 */
public final class Bootstrapper {
    private static final Set<String> ENCRYPTED = Set.of("AES256", "aws:kms", "aws:kms:dsse");

    private final S3Client s3;
    private final IamClient iam;
    private final Consumer<String> progress;

    /** What one step did. */
    public enum Outcome {
        /** It was made. */
        CREATED,
        /** It was there but differed, and was brought in line. */
        UPDATED,
        /** It was there as it should be. */
        UNCHANGED
    }

    /**
     * One resource and what became of it.
     *
     * @param resource what it is: {@code bucket}, {@code build role}, {@code execution role}
     * @param name its name or ARN
     * @param outcome what was done
     * @param detail what was changed, or what it is
     */
    public record Step(String resource, String name, Outcome outcome, String detail) {}

    /**
     * @param s3 an S3 client in the plan's Region
     * @param iam an IAM client
     * @param progress where a line goes for each change made
     */
    public Bootstrapper(S3Client s3, IamClient iam, Consumer<String> progress) {
        this.s3 = s3;
        this.iam = iam;
        this.progress = progress;
    }

    /**
     * Makes or brings in line the bucket and the two roles.
     *
     * @param plan what to make
     * @return what was done, a step per resource
     */
    public List<Step> apply(BootstrapPlan plan) {
        List<Step> steps = new ArrayList<>();
        steps.add(bucket(plan));
        steps.add(role(
                "build role",
                plan.buildRoleName(),
                plan.buildRoleArn(),
                plan,
                plan.buildPolicyName(),
                plan.buildPolicy(),
                "Lambda MicroVMs builds images with it: reads code artifacts from s3://" + plan.bucket()
                        + ", writes build logs"));
        steps.add(role(
                "execution role",
                plan.executionRoleName(),
                plan.executionRoleArn(),
                plan,
                plan.executionPolicyName(),
                plan.executionPolicy(),
                "Lambda MicroVMs runs MicroVMs with it: writes their logs"));
        return steps;
    }

    private Step bucket(BootstrapPlan plan) {
        String bucket = plan.bucket();
        boolean created = false;
        try {
            HeadBucketResponse head = s3.headBucket(b -> b.bucket(bucket));
            if (head.bucketRegion() != null && !head.bucketRegion().equals(plan.region())) {
                throw new UsageException(
                        "The bucket " + bucket + " exists in " + head.bucketRegion() + ", not in " + plan.region()
                                + "; give another name with --bucket, or bootstrap " + head.bucketRegion() + ".");
            }
        } catch (NoSuchBucketException e) {
            create(plan);
            created = true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                create(plan);
                created = true;
            } else if (e.statusCode() == 403) {
                throw new UsageException("The bucket name " + bucket + " is taken by another account, or you may"
                        + " not read it (S3 bucket names are global); give another with --bucket.");
            } else if (e.statusCode() == 301) {
                throw new UsageException("The bucket " + bucket + " exists in another Region than " + plan.region()
                        + "; give another name with --bucket.");
            } else {
                throw e;
            }
        }
        List<String> changed = new ArrayList<>();
        if (!encrypted(bucket)) {
            s3.putBucketEncryption(b -> b.bucket(bucket)
                    .serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                            .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256))
                            .build())));
            changed.add("default encryption SSE-S3");
        }
        if (!publicAccessBlocked(bucket)) {
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true)
                    .blockPublicPolicy(true)
                    .restrictPublicBuckets(true)));
            changed.add("public access blocked");
        }
        String detail = "in " + plan.region() + ", SSE-S3 encrypted, public access blocked";
        if (created) {
            progress.accept("Created the bucket s3://" + bucket + " " + detail);
            return new Step("bucket", "s3://" + bucket, Outcome.CREATED, detail);
        }
        if (!changed.isEmpty()) {
            progress.accept("Updated the bucket s3://" + bucket + ": " + String.join(", ", changed));
            return new Step("bucket", "s3://" + bucket, Outcome.UPDATED, String.join(", ", changed));
        }
        return new Step("bucket", "s3://" + bucket, Outcome.UNCHANGED, detail);
    }

    private void create(BootstrapPlan plan) {
        // us-east-1 takes no location constraint; every other Region needs its own.
        s3.createBucket(b -> {
            b.bucket(plan.bucket());
            if (!plan.region().equals("us-east-1")) {
                b.createBucketConfiguration(
                        c -> c.locationConstraint(BucketLocationConstraint.fromValue(plan.region())));
            }
        });
    }

    private boolean encrypted(String bucket) {
        try {
            return s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().stream()
                    .anyMatch(r -> r.applyServerSideEncryptionByDefault() != null
                            && ENCRYPTED.contains(
                                    r.applyServerSideEncryptionByDefault().sseAlgorithmAsString()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private boolean publicAccessBlocked(String bucket) {
        try {
            PublicAccessBlockConfiguration c =
                    s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls())
                    && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy())
                    && Boolean.TRUE.equals(c.restrictPublicBuckets());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private Step role(
            String resource,
            String name,
            String arn,
            BootstrapPlan plan,
            String policyName,
            String policy,
            String description) {
        Role role;
        try {
            role = iam.getRole(b -> b.roleName(name)).role();
        } catch (NoSuchEntityException e) {
            iam.createRole(b -> b.roleName(name)
                    .assumeRolePolicyDocument(plan.trustPolicy())
                    .description(description)
                    .tags(t -> t.key(BootstrapPlan.TAG_KEY).value(BootstrapPlan.TAG_VALUE)));
            iam.putRolePolicy(b -> b.roleName(name).policyName(policyName).policyDocument(policy));
            progress.accept("Created the " + resource + " " + arn);
            return new Step(
                    resource,
                    arn,
                    Outcome.CREATED,
                    "trusts " + BootstrapPlan.SERVICE_PRINCIPAL + "; inline policy " + policyName);
        }
        boolean ours = role.tags().stream()
                .anyMatch(
                        t -> t.key().equals(BootstrapPlan.TAG_KEY) && t.value().equals(BootstrapPlan.TAG_VALUE));
        if (!ours) {
            throw new UsageException("The role " + name + " exists but bootstrap did not make it (it has no tag "
                    + BootstrapPlan.TAG_KEY + "=" + BootstrapPlan.TAG_VALUE + "); bootstrap leaves it alone. Remove"
                    + " it, or set image.buildRoleArn and run.executionRoleArn in microvm.yml to roles of your own.");
        }
        List<String> changed = new ArrayList<>();
        if (!BootstrapPlan.samePolicy(decode(role.assumeRolePolicyDocument()), plan.trustPolicy())) {
            iam.updateAssumeRolePolicy(b -> b.roleName(name).policyDocument(plan.trustPolicy()));
            changed.add("trust policy");
        }
        String current;
        try {
            current = decode(iam.getRolePolicy(b -> b.roleName(name).policyName(policyName))
                    .policyDocument());
        } catch (NoSuchEntityException e) {
            current = "";
        }
        if (!BootstrapPlan.samePolicy(current, policy)) {
            iam.putRolePolicy(b -> b.roleName(name).policyName(policyName).policyDocument(policy));
            changed.add("inline policy " + policyName);
        }
        if (changed.isEmpty()) {
            return new Step(
                    resource,
                    arn,
                    Outcome.UNCHANGED,
                    "trusts " + BootstrapPlan.SERVICE_PRINCIPAL + "; inline policy " + policyName);
        }
        progress.accept("Updated the " + resource + " " + arn + ": " + String.join(", ", changed));
        return new Step(resource, arn, Outcome.UPDATED, String.join(", ", changed));
    }

    /** IAM sends policy documents URL-encoded. */
    static String decode(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }
}
