package org.bert4j.cli;

import java.util.Iterator;
import org.bert4j.hub.ModelHub;

/** The model names --model knows, for help texts and shell completion. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ModelHub.knownNames().iterator();
    }
}
