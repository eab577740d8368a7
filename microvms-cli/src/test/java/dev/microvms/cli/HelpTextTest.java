package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.cli.internal.CliContext;
import dev.microvms.cli.internal.ContextFactory;
import dev.microvms.cli.internal.WholeWordsHelp;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** The help of every command keeps words whole, so that what it names can be copied from it. */
class HelpTextTest {
    @Test
    void everyCommandsHelp_keepsEveryWordOfItsDescriptionsWhole() {
        List<String> broken = new ArrayList<>();
        for (CommandLine command : commands()) {
            String help = command.getUsageMessage();
            for (String word : words(command)) {
                if (!help.contains(word)) {
                    broken.add(command.getCommandSpec().qualifiedName() + ": " + word);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void packageAndLocalStartHelp_showThePathsWhole() {
        assertThat(CliRun.of(Map.of(), "package", "--help").out()).contains(".dockerignore");
        assertThat(CliRun.of(Map.of(), "local", "start", "--help").out()).contains("~/.lambda-microvms/emulator");
    }

    /** The words of a command's descriptions that hold a dot, hyphen or slash, where picocli used to break. */
    private static List<String> words(CommandLine command) {
        Stream<String> texts = Stream.concat(
                Stream.of(command.getCommandSpec().usageMessage().description()),
                command.getCommandSpec().args().stream()
                        .map(ArgSpec::description)
                        .flatMap(Stream::of));
        return texts.flatMap(t -> Stream.of(t.split("\\s+")))
                .map(w -> w.replaceAll("^[('\"`]+|[)'\"`,;:.]+$", ""))
                .filter(w -> w.matches(".*\\w[./-]\\w.*") && !w.contains("$") && !w.contains("%"))
                .toList();
    }

    private static List<CommandLine> commands() {
        CliContext context = new CliContext(
                new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of());
        CommandLine root =
                new CommandLine(new Main(), new ContextFactory(context)).setHelpFactory(WholeWordsHelp.FACTORY);
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            all.add(sub);
            all.addAll(sub.getSubcommands().values());
        }
        return all;
    }
}
