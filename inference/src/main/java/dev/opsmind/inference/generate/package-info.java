/**
 * Running generations: turning a prompt's token ids into streamed tokens, text and one result.
 *
 * <p>Concept tour:
 *
 * <ul>
 *   <li>{@link dev.opsmind.inference.generate.Scheduler} is continuous batching: one thread owns the
 *       {@link dev.opsmind.inference.model.Decoder} and runs step after step over every running
 *       sequence; newcomers join at the next token boundary, their prompts prefilled in chunks
 *       beside the others' decode. {@link dev.opsmind.inference.generate.SchedulerOptions} bounds
 *       it (batch size, queue, KV token budget); {@link dev.opsmind.inference.generate.PromptCache}
 *       reuses finished sequences' caches for prompts that start the same way.
 *   <li>{@link dev.opsmind.inference.generate.Generator} runs one sequence on the calling thread;
 *       {@link dev.opsmind.inference.generate.Perplexity} scores a token sequence (how a quantized
 *       checkpoint is compared with its source).
 *   <li>Both drive a {@code Sequence} (sampler, detokenizer, stop matcher, JSON constraint), so a
 *       request gives the same tokens alone or batched: the decoder keeps each sequence to its own
 *       cache and each sequence keeps its own seeded sampler.
 *   <li>The contract with callers: a {@link dev.opsmind.inference.generate.GenerationRequest} in, a
 *       {@link dev.opsmind.inference.generate.GenerationListener} called with each token and exactly
 *       one {@link dev.opsmind.inference.generate.GenerationResult} (its
 *       {@link dev.opsmind.inference.generate.FinishReason}) out.
 * </ul>
 *
 * <p>Below this package: {@code sampling} (logits to a token), {@code json} (the grammar that
 * constrains tokens to a JSON Schema) and {@code config} (a checkpoint's generation defaults).
 * They never import this package.
 */
package dev.opsmind.inference.generate;
