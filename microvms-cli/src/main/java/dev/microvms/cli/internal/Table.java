package dev.microvms.cli.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows of cells for the text and table formats.
 *
 * @param headers the column names
 * @param rows the rows, each as long as the headers
 */
public record Table(List<String> headers, List<List<String>> rows) {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Copies the lists. */
    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * @param headers the column names
     * @return a builder of a table with these columns
     */
    public static Builder of(String... headers) {
        return new Builder(Arrays.asList(headers));
    }

    /**
     * @param value any value
     * @return the cell for it: {@code -} for null, a UTC time for an instant
     */
    public static String cell(@Nullable Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Instant) {
            return TIME.format((Instant) value);
        }
        return String.valueOf(value);
    }

    /** Collects rows. */
    public static final class Builder {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(List<String> headers) {
            this.headers = headers;
        }

        /**
         * @param cells one value per column
         * @return this builder
         */
        public Builder row(@Nullable Object... cells) {
            if (cells.length != headers.size()) {
                throw new IllegalArgumentException(
                        "A row has " + cells.length + " cells for " + headers.size() + " columns " + headers);
            }
            rows.add(Arrays.stream(cells).map(Table::cell).toList());
            return this;
        }

        /** @return the table */
        public Table build() {
            return new Table(headers, rows);
        }
    }
}
