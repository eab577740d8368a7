package dev.microvms.cli.commands;

import dev.microvms.cli.ExitCodes;
import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ConnectionOptions;
import dev.microvms.cli.internal.OutputOptions;
import dev.microvms.cli.internal.Printer;
import dev.microvms.cli.internal.Table;
import dev.microvms.cli.internal.UsageException;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.ListTagsResponse;
import dev.microvms.sdk.Microvms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tags}, {@code tag} and {@code untag}: the tags of an image or MicroVM. */
public final class TagCommands {
    private TagCommands() {}

    /** What the three commands share; each prints the tags as they are afterwards. */
    static final class Common {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        OutputOptions output;

        @Parameters(
                index = "0",
                paramLabel = "RESOURCE",
                description = "An image's name or ARN, or the ARN of another resource.")
        String resource = "";

        void printTags(CliContext context, Microvms microvms) {
            ListTagsResponse tags = microvms.client()
                    .listTags(ListTagsRequest.builder()
                            .resource(
                                    resource.startsWith("arn:")
                                            ? resource
                                            : microvms.image(resource).arn())
                            .build());
            Table.Builder t = Table.of("KEY", "VALUE");
            new TreeMap<>(tags.tags()).forEach(t::row);
            new Printer(context.out(), output.format()).print(tags, t.build());
        }
    }

    /** {@code tags RESOURCE}. */
    @Command(name = "tags", mixinStandardHelpOptions = true, description = "Show the tags of an image.")
    public static final class Tags implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        /** @param context this run's context */
        public Tags(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Microvms microvms = common.connection.open(context)) {
                common.printTags(context, microvms);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tag RESOURCE KEY=VALUE...}. */
    @Command(
            name = "tag",
            mixinStandardHelpOptions = true,
            description = "Add or change tags: tag my-app team=search env=dev.")
    public static final class Tag implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "The tags to set.")
        List<String> pairs = new ArrayList<>();

        /** @param context this run's context */
        public Tag(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Map<String, String> tags = new LinkedHashMap<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException(
                            "The tag '" + pair + "' is not KEY=VALUE; write it as, for example, team=search.");
                }
                tags.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            try (Microvms microvms = common.connection.open(context)) {
                microvms.tag(common.resource, tags);
                common.printTags(context, microvms);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code untag RESOURCE KEY...}. */
    @Command(
            name = "untag",
            mixinStandardHelpOptions = true,
            description = "Remove tags by key: untag my-app team env.")
    public static final class Untag implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        Common common;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "The keys to remove.")
        List<String> keys = new ArrayList<>();

        /** @param context this run's context */
        public Untag(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Microvms microvms = common.connection.open(context)) {
                microvms.untag(common.resource, keys);
                common.printTags(context, microvms);
            }
            return ExitCodes.OK;
        }
    }
}
