/**
 * Cutting parsed documents into chunks that fit an embedder's window.
 *
 * <p>{@link dev.opsmind.indexer.chunk.Chunker} picks by format: {@code SectionChunker} packs the
 * blocks of one section (never two) up to the size cap, {@code LogChunker} cuts overlapping windows
 * of lines. Sizes are estimated by {@code TextSize} (no tokenizer run), the language by
 * {@link dev.opsmind.indexer.chunk.LanguageDetector}; {@link dev.opsmind.indexer.chunk.ChunkingOptions}
 * holds the knobs. The result is a {@link dev.opsmind.indexer.chunk.ChunkDraft}: text and where it came from.
 */
package dev.opsmind.indexer.chunk;
