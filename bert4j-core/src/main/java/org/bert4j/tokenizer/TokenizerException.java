package org.bert4j.tokenizer;

/** A vocabulary, tokenizer file or input that cannot be used; the message names the file or input and what is wrong. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) { super(message); }
    public TokenizerException(String message, Throwable cause) { super(message, cause); }
}
