/**
 * Persistence of a baseline: {@link dev.opsmind.indexer.logs.store.TemplateStore} writes the
 * templates (ids, tokens, counts, merges) and sessions' template counts as one JSON file, moved
 * into place atomically, so a baseline survives restarts.
 */
package dev.opsmind.indexer.logs.store;
