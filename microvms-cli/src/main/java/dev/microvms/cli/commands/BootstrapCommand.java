package dev.microvms.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.AwsFailures;
import dev.microvms.cli.internal.AwsService;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputFormat;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Settings;
import dev.microvms.cli.internal.Table;
import dev.microvms.cli.internal.aws.Accounts;
import dev.microvms.cli.internal.aws.BootstrapPlan;
import dev.microvms.cli.internal.aws.Bootstrapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bootstrap}: what a project needs in an account and Region, made once and recorded. */
@Command(
        name = "bootstrap",
        mixinStandardHelpOptions = true,
        description = {
            "Make what projects need in an account and Region, each with the least the service needs: a private,"
                    + " encrypted artifact bucket in the Region; a build role the service assumes to read the"
                    + " artifacts and write build logs; an execution role it assumes to write the MicroVMs' logs.",
            "Records them in ~/.lambda-microvms/accounts/<account>/<region>.yml, where deploy and run find them"
                    + " (microvm.yml wins where it sets its own). Running it again changes nothing unless something"
                    + " differs. --dry-run prints the policies and makes nothing. See docs/aws.md."
        })
public final class BootstrapCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--dry-run", description = "Print what would be made, with its policies; make nothing.")
    boolean dryRun;

    @Option(
            names = "--bucket",
            paramLabel = "NAME",
            description = "The artifact bucket's name (default: the one recorded, else"
                    + " lambda-microvms-<account>-<region>; bucket names are global, so another account may hold it).")
    @Nullable
    String bucket;

    /** @param context this run's context */
    public BootstrapCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Settings settings = connection.settings(context);
        context.connectedTo(settings.endpointFor(AwsService.LAMBDA_MICROVMS), settings.loopback());
        String region = settings.regionOrChain();
        Accounts accounts = new Accounts(settings, line -> {
            context.err().println(line);
            context.err().flush();
        });
        if (dryRun) {
            return dryRun(accounts, region);
        }
        Accounts.Bootstrapped done = accounts.bootstrap(bucket);
        Table.Builder table = Table.of("RESOURCE", "NAME", "RESULT", "DETAIL");
        done.steps().forEach(s -> table.row(s.resource(), s.name(), s.outcome().name(), s.detail()));
        table.row(
                "record",
                done.file().toString(),
                done.written() ? "WRITTEN" : "UNCHANGED",
                "deploy and run use it where microvm.yml sets nothing");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", done.record().account());
        json.put("region", done.record().region());
        json.put("bucket", done.record().bucket());
        json.put("buildRoleArn", done.record().buildRoleArn());
        json.put("executionRoleArn", done.record().executionRoleArn());
        json.put("logGroupPrefix", done.record().logGroupPrefix());
        json.put("recordFile", done.file().toString());
        json.put("steps", done.steps());
        new Printer(context.out(), output.format()).print(json, table.build());
        boolean changed =
                done.written() || done.steps().stream().anyMatch(s -> s.outcome() != Bootstrapper.Outcome.UNCHANGED);
        context.err()
                .println(
                        changed
                                ? "Bootstrapped account " + done.record().account() + " in " + region
                                        + ". New roles take a few" + " seconds before the service can assume them."
                                : "Account " + done.record().account() + " in " + region
                                        + " was bootstrapped already; nothing" + " changed.");
        return ExitCodes.OK;
    }

    private int dryRun(Accounts accounts, String region) {
        String account;
        try {
            account = accounts.account();
        } catch (RuntimeException e) {
            account = "123456789012";
            context.err()
                    .println("The account could not be asked of STS (" + shortly(e) + "); the ARNs below show "
                            + account + " in its place.");
        }
        BootstrapPlan plan = BootstrapPlan.of(account, region, bucket);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", account);
        json.put("region", region);
        json.put("bucket", Map.of("name", plan.bucket(), "encryption", "SSE-S3 (AES256)", "publicAccess", "blocked"));
        json.put(
                "buildRole", role(plan.buildRoleArn(), plan.trustPolicy(), plan.buildPolicyName(), plan.buildPolicy()));
        json.put(
                "executionRole",
                role(plan.executionRoleArn(), plan.trustPolicy(), plan.executionPolicyName(), plan.executionPolicy()));
        json.put("logGroupPrefix", BootstrapPlan.LOG_GROUP_PREFIX);
        if (output.format() == OutputFormat.json) {
            context.out().println(Printer.json(json));
        } else {
            var out = context.out();
            out.println("Would make in account " + account + ", " + region + " (nothing is made with --dry-run):");
            out.println();
            out.println("Bucket s3://" + plan.bucket() + ": in " + region + ", default encryption SSE-S3 (AES256),"
                    + " every public access blocked.");
            out.println();
            out.println("Build role " + plan.buildRoleArn() + ", and execution role " + plan.executionRoleArn()
                    + ", both with this trust policy:");
            out.println(plan.trustPolicy());
            out.println();
            out.println("Build role's inline policy " + plan.buildPolicyName() + ":");
            out.println(plan.buildPolicy());
            out.println();
            out.println("Execution role's inline policy " + plan.executionPolicyName() + ":");
            out.println(plan.executionPolicy());
        }
        context.out().flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> role(String arn, String trust, String policyName, String policy) {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("arn", arn);
        role.put("trustPolicy", tree(trust));
        role.put("policyName", policyName);
        role.put("policy", tree(policy));
        return role;
    }

    private static JsonNode tree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortly(RuntimeException e) {
        return AwsFailures.noCredentials(e) ? "no credentials" : AwsFailures.rootCause(e);
    }
}
