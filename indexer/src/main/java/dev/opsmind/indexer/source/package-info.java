/**
 * Finding the files to index: {@link dev.opsmind.indexer.source.SourceScanner} walks a directory
 * and sorts its files into {@link dev.opsmind.indexer.source.SourceFile}s of a known
 * {@link dev.opsmind.indexer.source.SourceFormat} and {@link dev.opsmind.indexer.source.SkippedFile}s
 * with a reason ({@link dev.opsmind.indexer.source.ScanResult}); {@link dev.opsmind.indexer.source.ContentHash}
 * is a file's identity for incremental runs.
 */
package dev.opsmind.indexer.source;
