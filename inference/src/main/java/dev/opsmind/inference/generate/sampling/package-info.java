/**
 * Sampling: from one step's logits to one token, and from streamed text to where a stop string cuts it.
 *
 * <p>{@link dev.opsmind.inference.generate.sampling.SamplingParams} is a request's validated
 * settings (temperature, top-p/k, min-p, penalties, seed, stop strings, logprobs, an optional JSON
 * schema). {@link dev.opsmind.inference.generate.sampling.SamplerSteps} holds the steps, each
 * testable alone (penalties, temperature, softmax, top-k, top-p, min-p, draw);
 * {@link dev.opsmind.inference.generate.sampling.Sampler} composes them for one sequence with its own
 * seeded random source and reports each pick as a
 * {@link dev.opsmind.inference.generate.sampling.TokenLogprob}.
 * {@link dev.opsmind.inference.generate.sampling.StopMatcher} holds back text that could start a
 * stop string, across token boundaries.
 */
package dev.opsmind.inference.generate.sampling;
