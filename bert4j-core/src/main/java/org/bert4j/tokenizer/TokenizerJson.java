package org.bert4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face {@code tokenizer.json} that describes a BERT tokenizer: normalizer
 * {@code BertNormalizer} (its {@code clean_text}, {@code handle_chinese_chars},
 * {@code strip_accents}, {@code lowercase} switches), pre-tokenizer {@code BertPreTokenizer},
 * model {@code WordPiece}, post-processor {@code BertProcessing} or {@code TemplateProcessing},
 * and {@code added_tokens} marked special.
 *
 * <p>Its stored {@code truncation} and {@code padding} settings are deliberately not applied: they
 * are a Python-side default of whoever saved the file, and applying them silently would change
 * lengths behind the user's back. Truncation happens when the caller asks for a max length.
 */
final class TokenizerJson {
    private TokenizerJson() {}

    static BertTokenizer load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new TokenizerException("tokenizer file not found: " + file);
        } catch (IOException e) {
            throw new TokenizerException("tokenizer file " + file + " is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new TokenizerException("tokenizer file " + file + " is not a JSON object");

        JsonNode model = root.path("model");
        String modelType = model.path("type").asText("");
        if (!modelType.equals("WordPiece")) {
            throw new TokenizerException(file + ": model type '" + modelType + "' is not supported (bert4j reads WordPiece tokenizers)");
        }
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) throw new TokenizerException(file + ": model.vocab is missing or empty");
        Map<String, Integer> tokenToId = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt()) throw new TokenizerException(file + ": vocab id of '" + e.getKey() + "' is not an integer");
            tokenToId.put(e.getKey(), e.getValue().asInt());
        }
        Vocab vocab = Vocab.fromMap(tokenToId);

        JsonNode norm = root.path("normalizer");
        boolean lowercase = false, clean = false, chinese = false;
        Boolean strip = null;
        if (!norm.isMissingNode() && !norm.isNull()) {
            String type = norm.path("type").asText("");
            if (!type.equals("BertNormalizer")) {
                throw new TokenizerException(file + ": normalizer '" + type + "' is not supported (expected BertNormalizer)");
            }
            lowercase = norm.path("lowercase").asBoolean(true);
            clean = norm.path("clean_text").asBoolean(true);
            chinese = norm.path("handle_chinese_chars").asBoolean(true);
            JsonNode sa = norm.path("strip_accents");
            strip = sa.isBoolean() ? sa.asBoolean() : null;
        }
        JsonNode pre = root.path("pre_tokenizer");
        if (!pre.isMissingNode() && !pre.isNull() && !pre.path("type").asText("").equals("BertPreTokenizer")) {
            throw new TokenizerException(file + ": pre_tokenizer '" + pre.path("type").asText() + "' is not supported (expected BertPreTokenizer)");
        }
        BertTokenizer.Settings settings = new BertTokenizer.Settings(
            lowercase, strip, clean, chinese,
            model.path("unk_token").asText("[UNK]"),
            model.path("continuing_subword_prefix").asText("##"),
            model.path("max_input_chars_per_word").asInt(100),
            BertTokenizer.Mode.HUGGING_FACE);

        List<String> specials = new ArrayList<>();
        Map<String, Integer> specialIds = new HashMap<>();
        for (JsonNode t : root.path("added_tokens")) {
            if (t.path("special").asBoolean(false)) {
                specials.add(t.path("content").asText());
                specialIds.put(t.path("content").asText(), t.path("id").asInt());
            }
        }
        Template template = readTemplate(root.path("post_processor"), vocab, file);
        return new BertTokenizer(vocab, settings, specials, specialIds, template);
    }

    /**
     * Writes a {@code tokenizer.json} that Hugging Face tokenizers loads into the same tokenizer:
     * BertNormalizer with this tokenizer's switches, BertPreTokenizer, WordPiece, the special tokens
     * as added tokens, and the template as TemplateProcessing. Written to a temporary file, then renamed.
     */
    static void write(BertTokenizer tokenizer, Path file) {
        BertTokenizer.Settings st = tokenizer.settings();
        if (st.mode() != BertTokenizer.Mode.HUGGING_FACE) {
            throw new TokenizerException("Google compatibility mode has no tokenizer.json form; save the Hugging Face mode tokenizer");
        }
        ObjectMapper m = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        com.fasterxml.jackson.databind.node.ArrayNode added = root.putArray("added_tokens");
        for (int t = 0; t < tokenizer.specials().size(); t++) {
            added.addObject().put("id", tokenizer.specials().id(t)).put("content", tokenizer.specials().string(t))
                .put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        com.fasterxml.jackson.databind.node.ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer").put("clean_text", st.cleanText()).put("handle_chinese_chars", st.handleChineseChars());
        if (st.stripAccents() == null) norm.putNull("strip_accents"); else norm.put("strip_accents", st.stripAccents());
        norm.put("lowercase", st.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        com.fasterxml.jackson.databind.node.ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        com.fasterxml.jackson.databind.node.ObjectNode specialTokens = m.createObjectNode();
        post.set("single", templateItems(m, tokenizer.template().single(), specialTokens));
        post.set("pair", templateItems(m, tokenizer.template().pair(), specialTokens));
        post.set("special_tokens", specialTokens);
        root.putObject("decoder").put("type", "WordPiece").put("prefix", st.continuingSubwordPrefix()).put("cleanup", true);
        com.fasterxml.jackson.databind.node.ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", st.unkToken()).put("continuing_subword_prefix", st.continuingSubwordPrefix())
            .put("max_input_chars_per_word", st.maxInputCharsPerWord());
        com.fasterxml.jackson.databind.node.ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = tokenizer.vocab().tokens();
        for (int i = 0; i < tokens.size(); i++) if (tokens.get(i) != null && !vocab.has(tokens.get(i))) vocab.put(tokens.get(i), i);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            m.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                     java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TokenizerException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode templateItems(
            ObjectMapper m, List<Template.Item> items, com.fasterxml.jackson.databind.node.ObjectNode specialTokens) {
        com.fasterxml.jackson.databind.node.ArrayNode out = m.createArrayNode();
        for (Template.Item it : items) {
            if (it.isSequence()) {
                out.addObject().putObject("Sequence").put("id", it.sequence() == 0 ? "A" : "B").put("type_id", it.typeId());
            } else {
                out.addObject().putObject("SpecialToken").put("id", it.token()).put("type_id", it.typeId());
                com.fasterxml.jackson.databind.node.ObjectNode def = specialTokens.putObject(it.token());
                def.put("id", it.token());
                def.putArray("ids").add(it.id());
                def.putArray("tokens").add(it.token());
            }
        }
        return out;
    }

    private static Template readTemplate(JsonNode pp, Vocab vocab, Path file) {
        if (pp.isMissingNode() || pp.isNull()) return BertTokenizer.bertTemplate(vocab);
        String type = pp.path("type").asText("");
        switch (type) {
            case "BertProcessing" -> {
                JsonNode cls = pp.path("cls"), sep = pp.path("sep");
                return Template.bert(cls.get(0).asText(), cls.get(1).asInt(), sep.get(0).asText(), sep.get(1).asInt());
            }
            case "TemplateProcessing" -> {
                Map<String, int[]> ids = new HashMap<>();
                Map<String, String> toks = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = pp.path("special_tokens").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode idsNode = e.getValue().path("ids");
                    if (idsNode.size() != 1) throw new TokenizerException(file + ": special token '" + e.getKey() + "' maps to " + idsNode.size() + " ids; only one is supported");
                    ids.put(e.getKey(), new int[] {idsNode.get(0).asInt()});
                    toks.put(e.getKey(), e.getValue().path("tokens").get(0).asText());
                }
                return new Template(items(pp.path("single"), ids, toks, file), items(pp.path("pair"), ids, toks, file));
            }
            default -> throw new TokenizerException(file + ": post_processor '" + type + "' is not supported (expected BertProcessing or TemplateProcessing)");
        }
    }

    private static List<Template.Item> items(JsonNode list, Map<String, int[]> ids, Map<String, String> toks, Path file) {
        List<Template.Item> out = new ArrayList<>();
        for (JsonNode n : list) {
            if (n.has("SpecialToken")) {
                String id = n.path("SpecialToken").path("id").asText();
                if (!ids.containsKey(id)) throw new TokenizerException(file + ": template uses undefined special token '" + id + "'");
                out.add(Template.Item.special(toks.get(id), ids.get(id)[0], n.path("SpecialToken").path("type_id").asInt()));
            } else if (n.has("Sequence")) {
                String which = n.path("Sequence").path("id").asText();
                out.add(Template.Item.sequence(which.equals("B") ? 1 : 0, n.path("Sequence").path("type_id").asInt()));
            } else {
                throw new TokenizerException(file + ": unknown template item " + n);
            }
        }
        return out;
    }
}
