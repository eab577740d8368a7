package dev.microvms.cli.internal;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help whose lines break only at spaces. picocli wraps text at the line breaks of {@link
 * java.text.BreakIterator#getLineInstance()}, which also breaks after a dot or a hyphen inside a word, so that
 * {@code .dockerignore}, {@code ~/.lambda-microvms} or {@code microvm.yml} came out cut in two and could not be
 * copied. Here each such dot, hyphen and slash stands in for itself as a letter while the table is laid out,
 * and comes back when the table is printed.
 */
public final class WholeWordsHelp extends Help {
    /** Makes this help for every command. */
    public static final CommandLine.IHelpFactory FACTORY = WholeWordsHelp::new;

    private WholeWordsHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    public Layout createDefaultLayout() {
        return wholeWords(super.createDefaultLayout());
    }

    @Override
    public Layout createDefaultLayout(
            List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        return wholeWords(super.createDefaultLayout(options, positionals, scheme));
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        TextTable filled = super.createTextTable(map);
        if (map == null || map.isEmpty()) {
            return filled;
        }
        // The same columns, filled again through a table that keeps words whole.
        TextTable table = new Table(colorScheme(), filled.columns());
        table.indentWrappedLines = filled.indentWrappedLines;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            table.addRowValues(text(e.getKey()), text(e.getValue()));
        }
        return table;
    }

    @Override
    public String description(Object... params) {
        return join(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return join(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return join(commandSpec().usageMessage().footer(), params);
    }

    private Layout wholeWords(Layout layout) {
        TextTable table = new Table(colorScheme(), layout.textTable().columns());
        table.indentWrappedLines = layout.textTable().indentWrappedLines;
        return new Layout(colorScheme(), table, layout.optionRenderer(), layout.parameterRenderer());
    }

    private String join(String[] lines, Object... params) {
        if (lines == null || lines.length == 0) {
            return "";
        }
        int width = commandSpec().usageMessage().width();
        TextTable table = new Table(colorScheme(), new Column(width, 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String line : lines) {
            table.addRowValues(colorScheme().text(format(line, params)));
        }
        return table.toString();
    }

    /** A line with its %n and parameters filled in, as picocli does; a stray % stays as it is. */
    private static String format(String line, Object... params) {
        try {
            return String.format(line, params);
        } catch (java.util.IllegalFormatException e) {
            return line;
        }
    }

    private Text text(Object value) {
        return value instanceof Text t ? t : colorScheme().text(String.valueOf(value));
    }

    /** A table that lays out word-inner dots, hyphens and slashes as letters. */
    static final class Table extends TextTable {
        private static final String BREAKING = ".-/";
        private static final String STANDING = "\uE000\uE001\uE002";

        private final ColorScheme scheme;

        Table(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            if (value == null) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            // Styled text (option names) keeps its styles: it is short and never wrapped in a word.
            if (!plain.equals(value.toString())) {
                return super.putValue(row, col, value);
            }
            String held = hold(plain);
            return super.putValue(row, col, held.equals(plain) ? value : scheme.text(held));
        }

        @Override
        public StringBuilder toString(StringBuilder text) {
            int from = text.length();
            super.toString(text);
            for (int i = from; i < text.length(); i++) {
                int at = STANDING.indexOf(text.charAt(i));
                if (at >= 0) {
                    text.setCharAt(i, BREAKING.charAt(at));
                }
            }
            return text;
        }

        @Override
        public String toString() {
            return toString(new StringBuilder()).toString();
        }

        /** Each dot, hyphen and slash between two characters of a word as a letter of the private use area. */
        static String hold(String text) {
            StringBuilder s = new StringBuilder(text);
            for (int i = 1; i < s.length() - 1; i++) {
                int at = BREAKING.indexOf(s.charAt(i));
                if (at >= 0 && word(s.charAt(i - 1)) && word(text.charAt(i + 1))) {
                    s.setCharAt(i, STANDING.charAt(at));
                }
            }
            return s.toString();
        }

        private static boolean word(char c) {
            return !Character.isWhitespace(c) && c != '(' && c != ')' && c != ',';
        }
    }
}
