/**
 * Reading logs, streaming. A {@link dev.opsmind.indexer.logs.read.LogInput} names a file, stdin or
 * an upload and opens its bytes (gunzipped when they start with gzip's magic bytes);
 * {@link dev.opsmind.indexer.logs.read.LineSource} sniffs the encoding
 * ({@link dev.opsmind.indexer.logs.read.CharsetSniffer}: UTF-8, GBK, Latin-1, binary refused) and
 * yields lines cut at a bounded length; {@link dev.opsmind.indexer.logs.read.RecordReader} turns
 * lines into records through a header format, keeping a stack trace with its first line;
 * {@link dev.opsmind.indexer.logs.read.LogReading} drives inputs into a consumer, on one thread or
 * two (parsing apart from analysis), cancellable between records. Nothing here holds a whole log.
 */
package dev.opsmind.indexer.logs.read;
