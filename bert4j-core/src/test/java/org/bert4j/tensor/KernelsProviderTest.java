package org.bert4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kernel selection, including a JVM started without the incubator module. */
class KernelsProviderTest {

    @Test
    void vectorKernelsWhenModulePresent() {
        assertTrue(KernelsProvider.vectorModulePresent(), "surefire runs with --add-modules jdk.incubator.vector");
        assertInstanceOf(VectorKernels.class, KernelsProvider.get());
        assertInstanceOf(ScalarKernels.class, KernelsProvider.create("scalar", false));
        assertInstanceOf(VectorKernels.class, KernelsProvider.create("vector", false));
        assertThrows(IllegalArgumentException.class, () -> KernelsProvider.create("gpu", false));
    }

    @Test
    void scalarFallbackWithoutModule() throws Exception {
        Path classes = Path.of(KernelsProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classes.toString(), KernelsProvider.class.getName())
                .redirectErrorStream(false).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertEquals("scalar", out);
        assertTrue(err.contains("jdk.incubator.vector"), err);
        assertTrue(classes.toFile().isDirectory() || classes.toString().endsWith(".jar"), classes + File.separator);
    }
}
