package org.bert4j.tasks.multiplechoice;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as Python's {@code csv} module and pandas write it (SWAG's files): comma-separated,
 * fields may be double-quoted, {@code ""} inside quotes is a quote, quoted fields may hold newlines.
 */
final class Csv {
    private Csv() {}

    /** A parsed record and the 1-based line it starts on. */
    record Row(List<String> fields, int line) {}

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, any = false;
        int line = 1, rowLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> { quoted = true; any = true; }
                case ',' -> { fields.add(field.toString()); field.setLength(0); any = true; }
                case '\r' -> { }
                case '\n' -> {
                    if (any || field.length() > 0) {
                        fields.add(field.toString());
                        rows.add(new Row(List.copyOf(fields), rowLine));
                    }
                    fields.clear();
                    field.setLength(0);
                    any = false;
                    line++;
                    rowLine = line;
                }
                default -> { field.append(c); any = true; }
            }
        }
        if (quoted) throw new IllegalArgumentException("unterminated quoted field starting on line " + rowLine);
        if (any || field.length() > 0) {
            fields.add(field.toString());
            rows.add(new Row(List.copyOf(fields), rowLine));
        }
        return rows;
    }
}
