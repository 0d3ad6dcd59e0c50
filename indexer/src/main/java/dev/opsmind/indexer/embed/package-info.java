/**
 * Which embedder embeds what. An index may hold vectors of several sentence encoders, each in
 * its own vector space (a kNN field): {@link dev.opsmind.indexer.embed.EmbedderSet} says which
 * languages each serves, so the ingest run embeds a chunk with the models of its language and a
 * search embeds the query with the models of the query's language. Changing the set re-embeds
 * the sources whose manifest names other spaces, source by source, resumably.
 */
package dev.opsmind.indexer.embed;
