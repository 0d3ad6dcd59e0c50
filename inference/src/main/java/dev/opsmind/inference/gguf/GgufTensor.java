package dev.opsmind.inference.gguf;

import java.util.Arrays;

/**
 * One tensor of a GGUF file. {@code dims} are in ggml order, the fastest-varying first: a matrix
 * of {@code rows} × {@code cols} stored row-major has dims {@code [cols, rows]}, the reverse of
 * PyTorch's shape. {@code offset} is absolute within the file.
 */
public record GgufTensor(String name, GgmlType type, long[] dims, long offset, long bytes) {

  public long elements() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Length of one row (ne0). */
  public long cols() {
    return dims[0];
  }

  /** Number of rows: the product of the other dims. */
  public long rows() {
    return elements() / dims[0];
  }

  /** The shape in PyTorch order (slowest first), as a Hugging Face checkpoint would give it. */
  public long[] shape() {
    long[] s = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      s[i] = dims[dims.length - 1 - i];
    }
    return s;
  }

  @Override
  public String toString() {
    return name + " " + type + " " + Arrays.toString(shape());
  }
}
