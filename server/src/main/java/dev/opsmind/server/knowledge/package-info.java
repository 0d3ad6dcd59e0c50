/**
 * The knowledge base over HTTP: collections, uploads and documents ({@link
 * dev.opsmind.server.knowledge.CollectionsHandler}, ingestion on its own executor) and
 * POST /v1/search ({@link dev.opsmind.server.knowledge.SearchHandler}, {@link
 * dev.opsmind.server.knowledge.SearchQuery}, whose filter reader grounded chat shares); and the
 * configured sources kept in step at start-up ({@link dev.opsmind.server.knowledge.SourceSync}:
 * their readers applied, their folders indexed while the server answers, /ready waiting for it).
 */
package dev.opsmind.server.knowledge;
