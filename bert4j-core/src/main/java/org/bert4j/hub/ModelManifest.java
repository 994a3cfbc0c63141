package org.bert4j.hub;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@value #FILE_NAME} file that {@link ModelHub} writes last into a model folder it unpacked.
 * Its presence marks the folder as complete.
 *
 * @param name the model's canonical name, e.g. {@code bert-base-uncased}
 * @param artifact the Maven coordinates it was unpacked from, {@code groupId:artifactId:version}
 * @param lowercase whether the tokenizer lower-cases its input; {@code null} if unknown
 * @param format the weights format: {@code tf-savedmodel} or {@code onnx}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "artifact", "lowercase", "format"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(String name, String artifact, Boolean lowercase, String format) {

    /** File name of the manifest inside a model folder. */
    public static final String FILE_NAME = "bert4j-model.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Reads a manifest file.
     *
     * @param file the {@value #FILE_NAME} file
     * @return the manifest
     * @throws UncheckedIOException if the file cannot be read or is not a manifest
     */
    public static ModelManifest read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model manifest " + file + ": " + e.getMessage()
                    + ". Delete the folder " + file.getParent() + " so that it is unpacked again.", e);
        }
    }

    /**
     * Writes this manifest as {@value #FILE_NAME} into a folder.
     *
     * @param dir the model folder
     * @throws IOException if writing fails
     */
    void writeTo(Path dir) throws IOException {
        Files.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(this));
    }
}
