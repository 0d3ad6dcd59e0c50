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
 *       or a GGUF file ({@link dev.opsmind.inference.model.GgufCheckpoint}); {@code Weights} holds each
       matrix as a {@code Matrix}: fused F32 tensors for an all-F32 checkpoint, else (on the CPU)
       {@link dev.opsmind.inference.model.StoredMatrix} parts in the stored type (BF16, F16, Q8_0,
       Q4_0, Q4_K, Q6_K), file-mapped, never widened as a whole.
 *       {@link dev.opsmind.inference.model.GgufExport} goes the other way: a safetensors directory
 *       written as a GGUF file (the tokenizer.json embedded), for {@code models quantize}.
 *   <li>Running: {@link dev.opsmind.inference.model.Decoder} is the facade: it loads, validates each
 *       pass and picks who runs it. {@code LibtorchForward} is the NDArray forward pass over all
 *       sequences of a pass ({@code Attention} batches their attention, masked per sequence);
 *       {@code VectorDecode} (implemented in {@code src/main/java22}) runs decode tokens and short
 *       passes on the CPU in Java Vector API kernels reading the same weights and caches in place
       ({@code BlockKernels} dequantize stored types in registers); libtorch multiplies stored
       matrices a dequantized tile at a time.
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
