package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GluePredictionWriterTest {
    @TempDir Path tmp;

    @Test
    void writesLabelNamesUnderTheSubmissionFileName() throws IOException {
        Path f = GluePredictionWriter.write(tmp, GlueTask.MNLI_MM, new int[] {1, 0, 2});
        assertEquals(tmp.resolve("MNLI-mm.tsv"), f);
        assertEquals(List.of("index\tprediction", "0\tentailment", "1\tcontradiction", "2\tneutral"), Files.readAllLines(f));
        Path cola = GluePredictionWriter.write(tmp, GlueTask.COLA, new int[] {1, 0});
        assertEquals(List.of("index\tprediction", "0\t1", "1\t0"), Files.readAllLines(cola));
    }

    @Test
    void writesStsbScoresWithThreeDecimals() throws IOException {
        Path f = GluePredictionWriter.writeScores(tmp.resolve("sub"), GlueTask.STSB, new double[] {4.12345, 0.0, 2.0005, -0.1});
        assertEquals(tmp.resolve("sub/STS-B.tsv"), f);
        assertEquals(List.of("index\tprediction", "0\t4.123", "1\t0.000", "2\t2.001", "3\t-0.100"), Files.readAllLines(f));
    }

    @Test
    void roundsAsPythonFormatDoes() {
        // python3 -c "print(f'{2.0005:3.3f}', f'{0.1875:3.3f}', f'{0.0625:3.3f}', f'{-0.0001:3.3f}')" -> 2.001 0.188 0.062 -0.000
        assertEquals("2.001", GluePredictionWriter.threeDecimals(2.0005));
        assertEquals("0.188", GluePredictionWriter.threeDecimals(0.1875));
        assertEquals("0.062", GluePredictionWriter.threeDecimals(0.0625));
        assertEquals("-0.000", GluePredictionWriter.threeDecimals(-0.0001));
        assertEquals("5.000", GluePredictionWriter.threeDecimals(5));
    }

    @Test
    void rejectsWrongKindsAndIndices() {
        assertThrows(IllegalArgumentException.class, () -> GluePredictionWriter.write(tmp, GlueTask.STSB, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> GluePredictionWriter.writeScores(tmp, GlueTask.RTE, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> GluePredictionWriter.write(tmp, GlueTask.RTE, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> GluePredictionWriter.writeScores(tmp, GlueTask.STSB, new double[] {Double.NaN}));
    }
}
