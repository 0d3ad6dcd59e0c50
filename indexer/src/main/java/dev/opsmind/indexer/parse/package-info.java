/**
 * Reading a file's bytes into a title and structural blocks, with their source lines.
 *
 * <p>{@link dev.opsmind.indexer.parse.DocumentReader} decodes the text ({@code SourceText}: UTF-8,
 * UTF-16, GB18030), looks through gzip, and hands the content to the format's
 * {@link dev.opsmind.indexer.parse.DocumentParser}: Markdown (commonmark, with
 * {@code FrontMatter}), HTML (jsoup), PDF (PDFBox), plain text, logs. The result is a
 * {@link dev.opsmind.indexer.parse.ParsedDocument} of {@link dev.opsmind.indexer.parse.TextBlock}s;
 * a file that cannot be read is a {@link dev.opsmind.indexer.parse.BadSourceException} whose message
 * is the reason the run reports.
 */
package dev.opsmind.indexer.parse;
