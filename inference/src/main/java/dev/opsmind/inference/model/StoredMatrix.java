package dev.opsmind.inference.model;

import dev.opsmind.inference.gguf.Dequantize;
import dev.opsmind.inference.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A weight matrix [rows, cols] kept in the type it is stored in (F32, F16, BF16, Q8_0, Q4_0, Q4_K,
 * Q6_K): row-major, each row a whole number of the type's blocks, little-endian, in a direct buffer
 * that is a file mapping where the checkpoint allows (or a native copy, e.g. llama.cpp's permuted
 * q/k rows put back in order). Nothing is widened: the vector path's kernels dequantize in
 * registers, libtorch's pass dequantizes tiles on the fly ({@link Matrix}).
 */
public record StoredMatrix(String name, GgmlType type, int rows, int cols, ByteBuffer data) {
  public StoredMatrix {
    if (cols % type.blockSize() != 0) {
      throw new ModelFormatException("tensor " + name + ": " + cols + " columns are not whole " + type + " blocks of "
          + type.blockSize());
    }
    if (data.capacity() != (long) rows * type.bytes(cols)) {
      throw new ModelFormatException("tensor " + name + " " + type + " [" + rows + ", " + cols + "] needs "
          + (long) rows * type.bytes(cols) + " bytes, its data has " + data.capacity());
    }
  }

  /** Bytes of one row. */
  public int rowBytes() {
    return (int) type.bytes(cols);
  }

  public long bytes() {
    return (long) rows * rowBytes();
  }

  /** Rows [from, from + count) dequantized to F32 into {@code out[off..]} (scalar reference code). */
  public void dequantize(int from, int count, float[] out, int off) {
    ByteBuffer slice = data.slice(from * rowBytes(), count * rowBytes()).order(ByteOrder.LITTLE_ENDIAN);
    Dequantize.toFloat(type, slice, out, off, count * cols);
  }
}
