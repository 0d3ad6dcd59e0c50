/**
 * The GGUF file format (llama.cpp / Ollama checkpoints), independent of the model runtime.
 *
 * <p>{@link dev.opsmind.inference.gguf.GgufFile} opens a file, validates the header, metadata
 * ({@link dev.opsmind.inference.gguf.GgufValue}) and tensor table
 * ({@link dev.opsmind.inference.gguf.GgufTensor}) and maps tensor data on request;
 * {@link dev.opsmind.inference.gguf.GgmlType} lists ggml's tensor types and their block sizes;
 * {@link dev.opsmind.inference.gguf.Dequantize} turns F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K
 * blocks into F32 exactly as llama.cpp defines them; {@link dev.opsmind.inference.gguf.Quantize}
 * encodes F32 into F16, BF16, Q8_0 and Q4_0 with llama.cpp's reference quantizers; and
 * {@link dev.opsmind.inference.gguf.GgufWriter} writes version-3 files (tests, quantization).
 * Every malformed input is a {@link dev.opsmind.inference.gguf.GgufFormatException} naming the
 * file and the problem.
 */
package dev.opsmind.inference.gguf;
