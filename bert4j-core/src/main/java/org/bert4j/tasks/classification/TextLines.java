package org.bert4j.tasks.classification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lines of a UTF-8 text file: a leading BOM removed (MRPC ships one), {@code \r} of CRLF endings dropped. */
final class TextLines {
    private TextLines() {}

    static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!lines.isEmpty() && lines.getFirst().startsWith("\uFEFF")) lines.set(0, lines.getFirst().substring(1));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.endsWith("\r")) lines.set(i, l.substring(0, l.length() - 1));
        }
        // blank lines after the last row are an editor's trailing newlines, not data
        while (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
        return lines;
    }

    /** Splits on every tab, keeping empty fields (GLUE files have no quoting). */
    static String[] splitTabs(String line) {
        return line.split("\t", -1);
    }
}
