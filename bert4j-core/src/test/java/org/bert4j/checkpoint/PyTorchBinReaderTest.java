package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures of reference/make_pickle_fixtures.py, in both torch.save formats. */
class PyTorchBinReaderTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"legacy_state_dict.bin", "zip_state_dict.bin"})
    void readsDtypesViewsAndOffsets(String fixture) throws Exception {
        try (PyTorchBinReader r = PyTorchBinReader.open(Fixtures.resource(tmp, fixture))) {
            assertEquals(java.util.Set.of("f32", "f32_t", "f16", "bf16", "i64", "slice"), r.names());
            TensorData f32 = r.get("f32");
            assertArrayEquals(new long[] {3, 4}, f32.shape());
            float[] expected = new float[12];
            for (int i = 0; i < 12; i++) expected[i] = i / 8f;
            assertArrayEquals(expected, f32.toFloatArray());
            // (arange(6).reshape(2,3)/4).t(): element [i][j] = (3j + i) / 4
            TensorData t = r.get("f32_t");
            assertArrayEquals(new long[] {3, 2}, t.shape());
            assertArrayEquals(new float[] {0, 0.75f, 0.25f, 1f, 0.5f, 1.25f}, t.toFloatArray());
            assertEquals(DType.F16, r.get("f16").dtype());
            assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2}, r.get("f16").toFloatArray());
            assertEquals(DType.BF16, r.get("bf16").dtype());
            assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2}, r.get("bf16").toFloatArray());
            assertEquals(DType.I64, r.get("i64").dtype());
            assertArrayEquals(new long[] {-2, -1, 0, 1}, r.get("i64").toLongArray());
            assertArrayEquals(new float[] {3, 4, 5, 6}, r.get("slice").toFloatArray());
        }
    }
}
