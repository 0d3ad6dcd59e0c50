/**
 * The model runtime: a Llama-family decoder (Llama 2/3, Qwen2, Mistral) loaded from a Hugging Face
 * checkpoint directory and run on DJL's PyTorch engine.
 *
 * <p>Concept tour:
 *
 * <ul>
 *   <li>Loading: {@link dev.opsmind.inference.model.ModelDirectory} opens config.json
 *       ({@link dev.opsmind.inference.model.DecoderConfig}) and the safetensors files
 *       ({@link dev.opsmind.inference.model.SafetensorsReader}: headers validated, data memory-mapped);
 *       {@code Weights} turns them into fused F32 tensors.
 *   <li>Running: {@link dev.opsmind.inference.model.Decoder} is the facade: it loads, validates each
 *       pass and picks who runs it. {@code LibtorchForward} is the NDArray forward pass over all
 *       sequences of a pass ({@code Attention} batches their attention, masked per sequence);
 *       {@code VectorDecode} (implemented in {@code src/main/java22}) runs decode tokens and short
 *       passes on the CPU in Java Vector API kernels reading the same weights and caches in place.
 *   <li>State: one {@link dev.opsmind.inference.model.KvCache} per sequence, passed in a
 *       {@link dev.opsmind.inference.model.DecodeStep} with the new tokens; it can be copied to
 *       reuse a prefix.
 *   <li>{@link dev.opsmind.inference.model.ModelCatalog} describes the checkpoints under a folder.
 * </ul>
 *
 * <p>Invariants the tests hold it to: a sequence's logits do not depend on what it is batched
 * with, incremental decode equals full recompute, and logits match Jlama's and a float64 reference.
 */
package dev.opsmind.inference.model;
