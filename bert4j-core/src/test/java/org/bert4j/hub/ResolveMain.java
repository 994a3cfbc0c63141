package org.bert4j.hub;

import java.nio.file.Path;

/** Resolves a model in a separate JVM, for the two-process test: {@code <cache> <localRepo> <name>}. */
public final class ResolveMain {
    private ResolveMain() {}

    public static void main(String[] args) {
        Path p = ModelHub.defaults().withCache(Path.of(args[0])).withLocalRepository(Path.of(args[1])).resolve(args[2]);
        System.out.println("RESOLVED " + p);
    }
}
