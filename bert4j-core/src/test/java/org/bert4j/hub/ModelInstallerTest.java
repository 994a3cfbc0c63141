package org.bert4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic-install rules of {@link ModelInstaller}, without downloading anything. */
class ModelInstallerTest {

    @TempDir
    Path tmp;

    private static Path completeFolder(Path dir, String content) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("vocab.txt"), content);
        new ModelManifest("m", "g:a:1", true, "onnx").writeTo(dir);
        return dir;
    }

    @Test
    void commitRenamesTheTemporaryFolder() throws Exception {
        Path t = completeFolder(tmp.resolve(".m.tmp-1-x"), "mine");
        Path target = tmp.resolve("m");
        assertEquals(target, ModelInstaller.commit(t, target));
        assertFalse(Files.exists(t));
        assertEquals("mine", Files.readString(target.resolve("vocab.txt")));
    }

    @Test
    void losingTheRaceUsesTheWinnersFolder() throws Exception {
        Path target = completeFolder(tmp.resolve("m"), "winner");
        Path t = completeFolder(tmp.resolve(".m.tmp-1-y"), "loser");
        assertEquals(target, ModelInstaller.commit(t, target));
        assertFalse(Files.exists(t), "the loser's copy is deleted");
        assertEquals("winner", Files.readString(target.resolve("vocab.txt")));
    }

    @Test
    void anIncompleteTargetIsReplaced() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(target.resolve("vocab.txt"), "half");
        assertFalse(ModelInstaller.isComplete(target));
        Path t = completeFolder(tmp.resolve(".m.tmp-1-z"), "whole");
        assertEquals(target, ModelInstaller.commit(t, target));
        assertEquals("whole", Files.readString(target.resolve("vocab.txt")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no stale folder left");
        }
    }

    @Test
    void leftoversOfDeadProcessesAreDeletedThoseOfLiveOnesKept() throws Exception {
        Path dead = Files.createDirectories(tmp.resolve(".m.tmp-" + Integer.MAX_VALUE + "-dead"));
        Files.writeString(dead.resolve("model.onnx"), "partial");
        Path stale = Files.createDirectories(tmp.resolve(".m.stale-" + Integer.MAX_VALUE + "-old"));
        Path live = Files.createDirectories(tmp.resolve(".m.tmp-" + ProcessHandle.current().pid() + "-live"));
        Path model = Files.createDirectories(tmp.resolve("m"));
        ModelInstaller.cleanLeftovers(tmp);
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live), "another thread of this process may be unpacking");
        assertTrue(Files.exists(model), "model folders are never touched");
    }
}
