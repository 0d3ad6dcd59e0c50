/**
 * The knowledge base over HTTP: collections, uploads and documents ({@link
 * dev.opsmind.server.knowledge.CollectionsHandler}, ingestion on its own executor) and
 * POST /v1/search ({@link dev.opsmind.server.knowledge.SearchHandler}, {@link
 * dev.opsmind.server.knowledge.SearchQuery}, whose filter reader grounded chat shares).
 */
package dev.opsmind.server.knowledge;
