package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.lang.foreign.MemorySegment;

/**
 * A view of a contiguous F32 CPU tensor's memory, read and written in place by the vector decode
 * kernels. The tensor must outlive the view: the decoder keeps its weights until it closes, and a
 * cache's views are dropped when its buffers are replaced.
 */
final class NativeTensor {
  private NativeTensor() {}

  /**
   * The whole tensor's memory. DJL hands out a direct buffer over a tensor's storage, limited to
   * 2 GiB; the buffer of the first element gives the start address and the segment is widened to
   * the tensor's size, so embeddings of large vocabularies work as well.
   */
  static MemorySegment of(NDArray tensor) {
    if (tensor.getDevice().isGpu()) {
      throw new IllegalArgumentException("vector decode reads CPU tensors only, this one is on " + tensor.getDevice());
    }
    if (tensor.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("vector decode reads F32 tensors only, this one is " + tensor.getDataType());
    }
    long bytes = tensor.size() * Float.BYTES;
    if (bytes <= Integer.MAX_VALUE) {
      // contiguous tensors (all the decoder's are) give a buffer over their own storage
      return MemorySegment.ofBuffer(tensor.toByteBuffer(true));
    }
    try (NDArray first = tensor.get(new NDIndex("0:1"))) {
      long address = MemorySegment.ofBuffer(first.toByteBuffer(true)).address();
      return MemorySegment.ofAddress(address).reinterpret(bytes);
    }
  }

  /** A small tensor (norm weights, biases) copied to the heap; null stays null. */
  static float[] copy(NDArray tensor) {
    return tensor == null ? null : tensor.toFloatArray();
  }
}
