/**
 * Fabricated checkpoints: complete, loadable Hugging Face model directories with random weights,
 * for tests, benchmarks and the {@code opsmind models init-random} command.
 *
 * <p>Nothing in the runtime packages ({@code model}, {@code tokenizer}, {@code generate},
 * {@code embed}) imports this package; it sits on top of them and writes what they read:
 *
 * <ul>
 *   <li>{@link dev.opsmind.inference.checkpoint.RandomCheckpoint} writes config.json,
 *       generation_config.json, safetensors weights (through
 *       {@link dev.opsmind.inference.checkpoint.SafetensorsWriter}, sharded on request), tokenizer.json
 *       and tokenizer_config.json, for a shape from
 *       {@link dev.opsmind.inference.checkpoint.ModelShapes} (tiny test shapes and real ones such as
 *       qwen2.5-0.5b).
 *   <li>{@link dev.opsmind.inference.checkpoint.TokenizerJsonWriter} writes a real byte-level BPE
 *       tokenizer.json, its merges learned by {@link dev.opsmind.inference.checkpoint.BpeTrainer}
 *       over the bundled {@code bpe-corpus.txt}, with the family's
 *       {@link dev.opsmind.inference.checkpoint.SpecialTokens};
 *       {@link dev.opsmind.inference.checkpoint.TokenizerConfigWriter} adds the family's real chat
 *       template ({@code templates/*.jinja}).
 *   <li>{@link dev.opsmind.inference.checkpoint.RandomGguf} writes a tiny random Llama as one GGUF
 *       file with a SentencePiece vocabulary in its metadata, so the GGUF and SentencePiece paths
 *       are tested without external files.
 * </ul>
 *
 * <p>It ships in the runtime jar, not a test jar, because {@code models init-random} is a
 * documented user command (a model to try opsmind with before downloading weights).
 */
package dev.opsmind.inference.checkpoint;
