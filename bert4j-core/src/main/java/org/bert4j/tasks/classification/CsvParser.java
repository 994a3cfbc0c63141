package org.bert4j.tasks.classification;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 parser: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""} = {@code "}). Also accepts LF-only line ends and a missing final
 * line end. A quote inside an unquoted field is kept as text (lenient, as Python's csv module is).
 */
final class CsvParser {
    private CsvParser() {}

    /** One record and the line (from 1) it starts on. */
    record Row(int line, List<String> fields) {}

    /** Parses the whole text into records; throws naming the line of an unterminated quoted field. */
    static List<Row> parse(String text, String source) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, rowLine = 1, quoteLine = 0;
        boolean inQuotes = false, quoted = false, any = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                    else inQuotes = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.isEmpty() && !quoted) { inQuotes = true; quoted = true; quoteLine = line; }
                    else field.append(c);
                    any = true;
                }
                case ',' -> { fields.add(field.toString()); field.setLength(0); quoted = false; any = true; }
                case '\r' -> { if (i + 1 >= n || text.charAt(i + 1) != '\n') field.append(c); }
                case '\n' -> {
                    if (any || !field.isEmpty()) { fields.add(field.toString()); rows.add(new Row(rowLine, List.copyOf(fields))); }
                    fields.clear(); field.setLength(0); quoted = false; any = false;
                    line++;
                    rowLine = line;
                }
                default -> { field.append(c); any = true; }
            }
        }
        if (inQuotes) throw new DataFormatException(source + ":" + quoteLine + ": quoted field is never closed");
        if (any || !field.isEmpty()) { fields.add(field.toString()); rows.add(new Row(rowLine, List.copyOf(fields))); }
        return rows;
    }
}
