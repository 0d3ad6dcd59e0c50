/**
 * Template mining. {@link dev.opsmind.indexer.logs.mine.Masker} replaces variables with
 * {@code <*>} by ordered masks; {@link dev.opsmind.indexer.logs.mine.TemplateMiner} groups masked
 * lines into {@link dev.opsmind.indexer.logs.mine.Template}s in one online pass (Drain's prefix
 * tree and similarity, words kept constant unless many values show a variable, as Brain finds
 * them); {@link dev.opsmind.indexer.logs.mine.LineMiner} is the two together. One
 * {@link dev.opsmind.indexer.logs.mine.MinerConfig} for every system.
 */
package dev.opsmind.indexer.logs.mine;
