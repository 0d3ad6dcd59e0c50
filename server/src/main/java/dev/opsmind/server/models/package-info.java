/**
 * What the API serves, loaded before the port opens: {@link dev.opsmind.server.models.Backends}
 * (embedders, the knowledge index with its ingestion and searcher, the generators) and {@link
 * dev.opsmind.server.models.GeneratorModel} (decoder, tokenizer, chat template, scheduler, and
 * the {@link dev.opsmind.server.models.PromptPrefix} KV caches of system prompts its callers
 * name). {@link dev.opsmind.server.models.GroundedModels} are the model names that mean "answer
 * from the knowledge base", listed by GET /v1/models.
 */
package dev.opsmind.server.models;
