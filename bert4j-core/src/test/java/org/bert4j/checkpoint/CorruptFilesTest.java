package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or hostile files fail with a CheckpointException that names the file and the problem. */
class CorruptFilesTest {
    @TempDir Path tmp;

    private static CheckpointException fails(Path file, String expectedText, Runnable open) {
        CheckpointException e = assertThrows(CheckpointException.class, open::run);
        assertTrue(e.getMessage().contains(file.toString()), "message should name the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), "message should say '" + expectedText + "': " + e.getMessage());
        return e;
    }

    private Path safetensors() {
        Path f = tmp.resolve("ok.safetensors");
        SafetensorsWriter.write(f, List.of(new TensorData("w", DType.F32, new long[] {64}, ByteBuffer.allocate(256))), Map.of());
        return f;
    }

    @Test
    void truncatedSafetensorsHeader() throws Exception {
        byte[] ok = Files.readAllBytes(safetensors());
        Path f = tmp.resolve("cut.safetensors");
        Files.write(f, Arrays.copyOf(ok, 20));
        fails(f, "runs past the end of the file", () -> Checkpoints.open(f));
        Files.write(f, Arrays.copyOf(ok, 5));
        fails(f, "shorter than the 8-byte header length", () -> Checkpoints.open(f));
    }

    @Test
    void safetensorsHeaderLengthBeyondFile() throws Exception {
        byte[] ok = Files.readAllBytes(safetensors());
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000);
        Path f = tmp.resolve("long.safetensors");
        Files.write(f, ok);
        fails(f, "header length 1000000 runs past the end", () -> SafetensorsReader.open(f));
    }

    @Test
    void safetensorsDataTruncated() throws Exception {
        byte[] ok = Files.readAllBytes(safetensors());
        Path f = tmp.resolve("short.safetensors");
        Files.write(f, Arrays.copyOf(ok, ok.length - 10));
        fails(f, "outside the", () -> SafetensorsReader.open(f));
    }

    @Test
    void safetensorsHeaderNotJson() throws Exception {
        byte[] junk = "{\"w\": [not json  ".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + junk.length).order(ByteOrder.LITTLE_ENDIAN).putLong(junk.length).put(junk);
        Path f = tmp.resolve("junk.safetensors");
        Files.write(f, b.array());
        fails(f, "not valid JSON", () -> SafetensorsReader.open(f));
    }

    /** A torch.save-shaped zip whose pickle calls os.system: must be refused, never run. */
    @Test
    void pickleWithForbiddenGlobal() throws Exception {
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        pkl.write(new byte[] {(byte) 0x80, 2});
        pkl.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        pkl.write('X');
        byte[] cmd = "touch /tmp/pwned".getBytes(StandardCharsets.US_ASCII);
        pkl.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(cmd.length).array());
        pkl.write(cmd);
        pkl.write(new byte[] {(byte) 0x85, 'R', '.'});
        Path f = tmp.resolve("evil.bin");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(pkl.toByteArray());
            z.closeEntry();
        }
        fails(f, "refusing to load global os.system", () -> Checkpoints.open(f));
    }

    @Test
    void truncatedPickle() throws Exception {
        byte[] ok = Files.readAllBytes(Fixtures.resource(tmp, "legacy_state_dict.bin"));
        Path f = tmp.resolve("cut.bin");
        Files.write(f, Arrays.copyOf(ok, 300));
        fails(f, "truncated", () -> PyTorchBinReader.open(f));
    }

    @Test
    void truncatedAndCorruptTfIndex() throws Exception {
        // a minimal bundle: only the header entry, written the way TensorFlow writes tables
        Path index = Fixtures.easyBertVariablesIndex();
        byte[] ok = Files.readAllBytes(index);
        Path dir = Files.createDirectories(tmp.resolve("tf"));
        Path cut = dir.resolve("variables.index");
        Files.write(cut, Arrays.copyOf(ok, ok.length - 100));
        fails(cut, "bad table magic number", () -> Checkpoints.open(cut));
        byte[] flipped = ok.clone();
        flipped[10] ^= 0x55;
        Files.write(cut, flipped);
        fails(cut, "checksum mismatch", () -> Checkpoints.open(cut));
        Files.write(cut, Arrays.copyOf(ok, 30));
        fails(cut, "shorter than the 48-byte table footer", () -> Checkpoints.open(cut));
    }

    @Test
    void missingTfDataShard() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("nodata"));
        Path index = dir.resolve("variables.index");
        Files.copy(Fixtures.easyBertVariablesIndex(), index);
        fails(index, "is missing", () -> Checkpoints.open(dir));
    }

    @Test
    void missingTensorAndUnknownFolder() {
        Path f = safetensors();
        try (TensorSource s = Checkpoints.open(f)) {
            fails(f, "no tensor 'nope'", () -> s.get("nope"));
        }
        fails(tmp.resolve("empty"), "does not exist", () -> Checkpoints.open(tmp.resolve("empty")));
    }

    @Test
    void corruptOnnx() throws Exception {
        Path f = tmp.resolve("bad.onnx");
        Files.write(f, new byte[] {0x3a, 0x7f, 1, 2, 3});  // field 7, length 127, but only 3 bytes
        fails(f, "corrupt protobuf", () -> Checkpoints.open(f));
    }
}
