package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir Path tmp;

    private static TensorData random(String name, DType dtype, long... shape) {
        byte[] b = new byte[(int) (TensorData.numel(shape) * dtype.byteSize())];
        new Random(name.hashCode()).nextBytes(b);
        return new TensorData(name, dtype, shape, ByteBuffer.wrap(b));
    }

    @Test
    void writeThenReadIsBitExactForEveryDtype() {
        List<TensorData> tensors = List.of(
                random("z.f32", DType.F32, 3, 5), random("a.f16", DType.F16, 7), random("m.bf16", DType.BF16, 2, 3, 4),
                random("i64", DType.I64, 4), random("f64", DType.F64, 2, 2), random("i32", DType.I32, 3),
                random("i8", DType.I8, 5), random("u8", DType.U8, 1, 1), random("scalar", DType.F32),
                random("empty", DType.F32, 0, 4));
        Path file = tmp.resolve("t.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(10, r.names().size());
            assertEquals(Map.of("format", "pt"), r.metadata());
            for (TensorData t : tensors) {
                TensorData back = r.get(t.name());
                assertEquals(t.dtype(), back.dtype(), t.name());
                assertArrayEquals(t.shape(), back.shape(), t.name());
                assertEquals(t.data(), back.data(), t.name());
            }
        }
    }

    @Test
    void headerIsSortedAndPaddedToEightBytes() throws Exception {
        Path file = tmp.resolve("t.safetensors");
        SafetensorsWriter.write(file, List.of(random("b", DType.F32, 3), random("a", DType.F16, 1)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.indexOf("\"a\"") < header.indexOf("\"b\""), header);
        assertTrue(header.startsWith("{") && header.stripTrailing().endsWith("}"), header);
        assertEquals(8 + n + 3 * 4 + 2, bytes.length);
        assertTrue(header.contains("\"data_offsets\":[0,2]"), header);
        assertFalse(Files.list(tmp).anyMatch(p -> p.toString().contains(".tmp")), "temp file left behind");
    }

    @Test
    void conversionsToFloat() {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, Float.floatToFloat16(1.5f)).putShort(2, Float.floatToFloat16(-2f)).putShort(4, (short) 0);
        assertArrayEquals(new float[] {1.5f, -2f, 0f}, new TensorData("h", DType.F16, new long[] {3}, b).toFloatArray());
        ByteBuffer bf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        bf.putShort(0, (short) (Float.floatToIntBits(3.25f) >>> 16)).putShort(2, (short) (Float.floatToIntBits(-0.5f) >>> 16));
        assertArrayEquals(new float[] {3.25f, -0.5f}, new TensorData("b", DType.BF16, new long[] {2}, bf).toFloatArray());
        ByteBuffer l = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -7).putLong(8, 9);
        assertArrayEquals(new float[] {-7f, 9f}, new TensorData("l", DType.I64, new long[] {2}, l).toFloatArray());
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) b.putFloat(4 * i, i);
        TensorData t = new TensorData("k", DType.F32, new long[] {2, 3}, b).transpose2d("w");
        assertArrayEquals(new long[] {3, 2}, t.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
    }
}
