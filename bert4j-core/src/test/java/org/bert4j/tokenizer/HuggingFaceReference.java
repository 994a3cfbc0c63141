package org.bert4j.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Hugging Face tokenizers (the Rust library, through DJL's JNI binding; test scope only), set up
 * the way Hugging Face sets up a BERT tokenizer, for the parity tests.
 */
final class HuggingFaceReference {
    private HuggingFaceReference() {}

    /**
     * Writes the {@code tokenizer.json} that transformers' BertTokenizerFast builds from a
     * {@code vocab.txt} ({@code convert_slow_tokenizer.BertConverter}): BertNormalizer, BertPreTokenizer,
     * WordPiece with {@code ##} and 100 characters per word, the five special tokens, the BERT template.
     */
    static Path tokenizerJsonForVocab(Path vocabTxt, boolean lowercase, Path out) throws IOException {
        Vocab vocab = Vocab.load(vocabTxt);
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : BertTokenizer.BERT_SPECIAL_TOKENS) {
            int id = vocab.id(s);
            if (id < 0) continue;
            added.addObject().put("id", id).put("content", s).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true)
            .put("handle_chinese_chars", true).putNull("strip_accents").put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "BertProcessing");
        post.putArray("sep").add("[SEP]").add(vocab.id("[SEP]"));
        post.putArray("cls").add("[CLS]").add(vocab.id("[CLS]"));
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
            .put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        List<String> tokens = vocab.tokens();
        for (int i = 0; i < tokens.size(); i++) if (!v.has(tokens.get(i))) v.put(tokens.get(i), i);
        m.writeValue(out.toFile(), root);
        return out;
    }

    /** The reference tokenizer; {@code maxLength} 0 = no truncation. */
    static HuggingFaceTokenizer open(Path tokenizerJson, int maxLength, Truncation truncation) throws IOException {
        var b = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true).optPadding(false);
        if (maxLength > 0) {
            b.optMaxLength(maxLength);
            switch (truncation) {
                case LONGEST_FIRST -> b.optTruncation(true);
                case ONLY_FIRST -> b.optTruncateFirstOnly();
                case ONLY_SECOND -> b.optTruncateSecondOnly();
            }
        } else {
            b.optTruncation(false);
        }
        return b.build();
    }
}
