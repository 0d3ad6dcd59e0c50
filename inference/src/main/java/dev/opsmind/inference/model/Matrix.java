package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.List;

/**
 * A weight matrix [rows, cols] as the decoder holds it: either one F32 tensor owned by libtorch
 * (an all-F32 checkpoint, or any checkpoint on a GPU), or {@link StoredMatrix} parts stacked by
 * rows in their stored types (q, k and v are three parts of one q/k/v matrix; in a Q4_K_M file
 * they may even differ in type). Stored parts are never widened as a whole: libtorch's pass
 * multiplies them a tile of at most {@link #TILE_VALUES} dequantized values at a time.
 */
final class Matrix {
  /** Largest tile dequantized for libtorch's product: 16 MiB of F32. */
  static final int TILE_VALUES = 4 << 20;

  private final NDArray f32;
  private final List<StoredMatrix> parts;
  private final int rows;
  private final int cols;

  private Matrix(NDArray f32, List<StoredMatrix> parts, int rows, int cols) {
    this.f32 = f32;
    this.parts = parts;
    this.rows = rows;
    this.cols = cols;
  }

  static Matrix of(NDArray f32) {
    Shape s = f32.getShape();
    return new Matrix(f32, List.of(), (int) s.get(0), (int) s.get(1));
  }

  static Matrix of(StoredMatrix... parts) {
    int rows = 0;
    for (StoredMatrix p : parts) {
      if (p.cols() != parts[0].cols()) {
        throw new IllegalArgumentException("parts of one matrix differ in columns: " + p.name());
      }
      rows += p.rows();
    }
    return new Matrix(null, List.of(parts), rows, parts[0].cols());
  }

  /** The F32 tensor, or null when the matrix is kept as stored parts. */
  NDArray f32() {
    return f32;
  }

  /** The stored parts top to bottom; empty for an F32 tensor. */
  List<StoredMatrix> parts() {
    return parts;
  }

  int rows() {
    return rows;
  }

  int cols() {
    return cols;
  }

  /** Bytes the matrix occupies. */
  long bytes() {
    return f32 != null ? (long) rows * cols * Float.BYTES : parts.stream().mapToLong(StoredMatrix::bytes).sum();
  }

  /**
   * x · thisᵀ (+ bias) for x [tokens, cols], the result in x's manager. Stored parts go tile by
   * tile: dequantized (by the vector kernels when the JVM has them) into an F32 tensor, multiplied
   * by libtorch's GEMM, freed; the tiles' products are joined along the last axis.
   */
  NDArray linear(NDArray x, NDArray bias, StoredKernels kernels) {
    if (f32 != null) {
      return (bias == null ? Linear.linear(x, f32) : Linear.linear(x, f32, bias)).singletonOrThrow();
    }
    NDManager scope = x.getManager();
    NDList outs = new NDList();
    int tileRows = Math.max(1, TILE_VALUES / cols);
    for (StoredMatrix p : parts) {
      for (int from = 0; from < p.rows(); from += tileRows) {
        int count = Math.min(tileRows, p.rows() - from);
        float[] values = new float[count * cols];
        if (kernels != null) {
          kernels.dequantize(p, from, count, values, 0);
        } else {
          p.dequantize(from, count, values, 0);
        }
        try (NDArray tile = scope.create(values, new Shape(count, cols))) {
          outs.add(Linear.linear(x, tile).singletonOrThrow());
        }
      }
    }
    NDArray out = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, -1);
    if (outs.size() > 1) {
      outs.close();
    }
    return bias == null ? out : out.addi(bias);
  }

  /** Rows {@code ids} (an embedding lookup) as an F32 tensor [ids, cols] in {@code scope}. */
  NDArray rows(long[] ids, NDManager scope) {
    if (f32 != null) {
      NDArray out = f32.get(new ai.djl.ndarray.index.NDIndex("{}", scope.create(ids)));
      out.attach(scope);
      return out;
    }
    float[] values = new float[ids.length * cols];
    for (int i = 0; i < ids.length; i++) {
      int r = (int) ids[i];
      int at = 0;
      for (StoredMatrix p : parts) {
        if (r < at + p.rows()) {
          p.dequantize(r - at, 1, values, i * cols);
          break;
        }
        at += p.rows();
      }
    }
    return scope.create(values, new Shape(ids.length, cols));
  }

  void close() {
    if (f32 != null) {
      f32.close();
    }
  }
}
