/**
 * Template mining. {@link dev.opsmind.indexer.logs.mine.Masker} replaces variables with
 * {@code <*>} by ordered masks (its last, {@code DigitRuns}, masks numbers and keeps the letters
 * around them); {@link dev.opsmind.indexer.logs.mine.TemplateMiner} groups masked
 * lines into {@link dev.opsmind.indexer.logs.mine.Template}s in one online pass (Drain's prefix
 * tree and similarity, words kept constant unless many values show a variable, as Brain finds
 * them; a template token that meets a different value widens only where the two differ,
 * {@code TokenWidening}, so {@code rhost=<*>} and {@code <*>,} keep their key and punctuation);
 * {@link dev.opsmind.indexer.logs.mine.LineMiner} is the two together. One
 * {@link dev.opsmind.indexer.logs.mine.MinerConfig} for every system.
 */
package dev.opsmind.indexer.logs.mine;
