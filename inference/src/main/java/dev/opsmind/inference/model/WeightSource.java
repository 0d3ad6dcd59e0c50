package dev.opsmind.inference.model;

import java.nio.ByteBuffer;

/**
 * Where {@link Weights} reads a checkpoint's tensors from, by their Hugging Face names and
 * PyTorch-order shapes: a safetensors {@link ModelDirectory} or a {@link GgufCheckpoint}.
 */
interface WeightSource {
  DecoderConfig config();

  /** Checks the tensor is present with this shape; returns its stored size in bytes. */
  long check(String name, long... shape);

  /** The tensor's values as native-order F32 (widened or dequantized as needed). */
  ByteBuffer readF32(String name);
}
