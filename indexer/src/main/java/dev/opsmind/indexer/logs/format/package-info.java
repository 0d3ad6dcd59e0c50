/**
 * Line-header formats. A {@link dev.opsmind.indexer.logs.format.LineFormat} reads one line into a
 * {@link dev.opsmind.indexer.logs.format.LogRecord} (time, level, component, pid, thread, session,
 * message) or says it does not match. {@link dev.opsmind.indexer.logs.format.LogFormats} holds the
 * built-ins (syslog, JSON lines and journald, Log4j/Logback/Python, nginx/Apache, klog) and a
 * site's named patterns ({@link dev.opsmind.indexer.logs.format.PatternFormat}: {@code %{field}},
 * Loghub's {@code <Field>} or {@code regex:}); {@code auto} tries them all.
 * {@link dev.opsmind.indexer.logs.format.Levels} and {@link dev.opsmind.indexer.logs.format.Timestamps}
 * normalise what the headers say.
 */
package dev.opsmind.indexer.logs.format;
