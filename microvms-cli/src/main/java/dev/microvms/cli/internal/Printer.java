package dev.microvms.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.microvms.model.json.WireJson;
import java.io.PrintWriter;
import java.util.List;

/** Prints a command's data on stdout in the format asked for. */
public final class Printer {
    private final PrintWriter out;
    private final OutputFormat format;

    /**
     * @param out where data goes
     * @param format the format
     */
    public Printer(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    /**
     * Prints the data.
     *
     * @param wire the model value (or list of them) whose wire JSON is the json format
     * @param table the same data as rows, for the text and table formats
     */
    public void print(Object wire, Table table) {
        switch (format) {
            case json:
                out.println(json(wire));
                break;
            case text:
                for (List<String> row : table.rows()) {
                    out.println(String.join("\t", row));
                }
                break;
            case table:
                printAligned(table);
                break;
        }
        out.flush();
    }

    /**
     * @param wire a model value
     * @return its wire JSON, indented
     */
    public static String json(Object wire) {
        try {
            return WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + wire.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private void printAligned(Table table) {
        int[] widths = new int[table.headers().size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = table.headers().get(i).length();
            for (List<String> row : table.rows()) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(table.headers(), widths));
        for (List<String> row : table.rows()) {
            out.println(line(row, widths));
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                s.append("  ");
            }
            s.append(cells.get(i));
            if (i < cells.size() - 1) {
                s.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        return s.toString();
    }
}
