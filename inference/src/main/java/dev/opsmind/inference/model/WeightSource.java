package dev.opsmind.inference.model;

import dev.opsmind.inference.gguf.GgmlType;
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

  /** The type the tensor is stored in (safetensors' F32/F16/BF16 as the ggml types of the same name). */
  GgmlType storedType(String name);

  /** The tensor's shape, PyTorch order. */
  long[] shape(String name);

  /**
   * A matrix whose shape was checked, in its stored type: a mapping of the file where the bytes
   * are usable as they lie, else a native copy of the same size.
   */
  StoredMatrix stored(String name, int rows, int cols);
}
