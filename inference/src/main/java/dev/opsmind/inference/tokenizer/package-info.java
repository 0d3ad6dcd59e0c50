/**
 * Text to token ids and back, and chat messages to a prompt.
 *
 * <p>{@link dev.opsmind.inference.tokenizer.TextTokenizer} reads a checkpoint's BPE
 * {@code tokenizer.json} (through DJL's Hugging Face tokenizers) and gives each token's raw bytes
 * ({@link dev.opsmind.inference.tokenizer.ByteLevelAlphabet}); {@link dev.opsmind.inference.tokenizer.Detokenizer}
 * turns streamed ids into text without splitting a UTF-8 character;
 * {@link dev.opsmind.inference.tokenizer.ChatTemplate} renders
 * {@link dev.opsmind.inference.tokenizer.ChatMessage}s with the model's own Jinja chat template
 * (Jinjava configured as Hugging Face renders it, {@code PythonJsonFilter} for {@code tojson}).
 */
package dev.opsmind.inference.tokenizer;
