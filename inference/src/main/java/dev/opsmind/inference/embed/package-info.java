/**
 * Sentence embeddings for indexing, queries and {@code /v1/embeddings}.
 *
 * <p>{@link dev.opsmind.inference.embed.Embedder} runs a BERT-style ONNX encoder on DJL's
 * OnnxRuntime engine and returns unit vectors ({@link dev.opsmind.inference.embed.Embeddings} adds
 * token counts and truncation). What to run is an {@link dev.opsmind.inference.embed.EmbedderSpec}:
 * a bundled model carried by a jar on the class path ({@code ModelResources}), or an operator's
 * directory ({@link dev.opsmind.inference.embed.EmbedderDirectory}: model.onnx, tokenizer.json,
 * opsmind-embedder.json). {@link dev.opsmind.inference.embed.EmbedderCatalog} lists both kinds.
 */
package dev.opsmind.inference.embed;
