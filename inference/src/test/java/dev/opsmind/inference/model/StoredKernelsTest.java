package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opsmind.inference.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector kernels over stored weights ({@link StoredKernels}), per type, on odd shapes (rows
 * off every row block, plain-float columns off every SIMD width): their dequantization equals the
 * scalar reference bit for bit, their product equals the product of the dequantized F32 matrix
 * (computed in double) to 1e-5 of Σ|w·x|, and each input's result is bit-identical whether it is
 * multiplied alone or in a batch.
 */
class StoredKernelsTest {

  /** Random bytes for every block, with each block's f16 scale fields set to sane values. */
  static StoredMatrix random(GgmlType type, int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int rowBytes = (int) type.bytes(cols);
    ByteBuffer data = ByteBuffer.allocateDirect(rows * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.capacity(); i++) {
      data.put(i, (byte) random.nextInt(256));
    }
    int blocks = rows * cols / type.blockSize();
    for (int b = 0; b < blocks; b++) {
      int at = b * type.blockBytes();
      switch (type) {
        case F32 -> data.putFloat(b * 4, (float) random.nextGaussian());
        case F16 -> data.putShort(b * 2, Float.floatToFloat16((float) random.nextGaussian()));
        case BF16 -> data.putShort(b * 2, (short) (Float.floatToIntBits((float) random.nextGaussian()) >>> 16));
        case Q8_0, Q4_0 -> data.putShort(at, Float.floatToFloat16((float) random.nextDouble(-0.05, 0.05)));
        case Q4_K -> {
          data.putShort(at, Float.floatToFloat16((float) random.nextDouble(0, 0.01)));
          data.putShort(at + 2, Float.floatToFloat16((float) random.nextDouble(0, 0.01)));
        }
        case Q6_K -> data.putShort(at + 208, Float.floatToFloat16((float) random.nextDouble(-0.01, 0.01)));
        default -> throw new IllegalArgumentException(type.toString());
      }
    }
    return new StoredMatrix("w", type, rows, cols, data);
  }

  private static int cols(GgmlType type) {
    return switch (type.blockSize()) {
      case 1 -> 203; // no multiple of 4, 8 or 16
      case 32 -> 32 * 7;
      default -> 256 * 3;
    };
  }

  @ParameterizedTest
  @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
  void productEqualsTheDequantizedProductAndIsBatchInvariant(GgmlType type) {
    StoredKernels kernels = StoredKernels.load();
    assumeTrue(kernels != null, "vector kernels unavailable: " + VectorDecode.unavailable());
    int rows = 37;
    int cols = cols(type);
    StoredMatrix w = random(type, rows, cols, type.ordinal());

    float[] reference = new float[rows * cols];
    w.dequantize(0, rows, reference, 0);
    float[] fast = new float[rows * cols];
    kernels.dequantize(w, 0, rows, fast, 0);
    assertArrayEquals(reference, fast, "vector dequantization of " + type + " differs from the reference");
    float[] someRows = new float[5 * cols];
    kernels.dequantize(w, 30, 5, someRows, 0);
    assertArrayEquals(java.util.Arrays.copyOfRange(reference, 30 * cols, 35 * cols), someRows);

    int batch = 5;
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[batch * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] out = new float[batch * rows];
    kernels.multiply(w, x, batch, out);
    double worst = 0;
    for (int b = 0; b < batch; b++) {
      for (int r = 0; r < rows; r++) {
        double exact = 0;
        double magnitude = 0;
        for (int k = 0; k < cols; k++) {
          double p = (double) reference[r * cols + k] * x[b * cols + k];
          exact += p;
          magnitude += Math.abs(p);
        }
        worst = Math.max(worst, Math.abs(out[b * rows + r] - exact) / magnitude);
      }
    }
    assertTrue(worst <= 1e-5, type + ": relative error " + worst);

    for (int b = 0; b < batch; b++) {
      float[] alone = new float[rows];
      kernels.multiply(w, java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), 1, alone);
      assertArrayEquals(java.util.Arrays.copyOfRange(out, b * rows, (b + 1) * rows), alone,
          type + ": input " + b + " alone differs from the batch");
    }
    assertEquals(rows * (long) type.bytes(cols), w.bytes());
  }

  /**
   * The batched path tiles two rows by three inputs, then two, then one, and takes an odd last
   * row alone: every batch size from 2 to 8 (each remainder, on 37 rows) gives each input exactly
   * what it gets alone.
   */
  @ParameterizedTest
  @EnumSource(value = GgmlType.class, names = {"F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
  void everyBatchSizeGivesEachInputWhatItGetsAlone(GgmlType type) {
    StoredKernels kernels = StoredKernels.load();
    assumeTrue(kernels != null, "vector kernels unavailable: " + VectorDecode.unavailable());
    int rows = 37;
    int cols = cols(type);
    StoredMatrix w = random(type, rows, cols, 11 + type.ordinal());
    SplittableRandom random = new SplittableRandom(3);
    float[] x = new float[8 * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[][] alone = new float[8][rows];
    for (int b = 0; b < 8; b++) {
      kernels.multiply(w, java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), 1, alone[b]);
    }
    for (int batch = 2; batch <= 8; batch++) {
      float[] out = new float[batch * rows];
      kernels.multiply(w, java.util.Arrays.copyOf(x, batch * cols), batch, out);
      for (int b = 0; b < batch; b++) {
        assertArrayEquals(alone[b], java.util.Arrays.copyOfRange(out, b * rows, (b + 1) * rows),
            type + ": input " + b + " of " + batch + " differs from alone");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void everyHalfAndBfloatBitPatternWidensExactly() {
    StoredKernels kernels = StoredKernels.load();
    assumeTrue(kernels != null, "vector kernels unavailable: " + VectorDecode.unavailable());
    for (GgmlType type : new GgmlType[] {GgmlType.F16, GgmlType.BF16}) {
      ByteBuffer data = ByteBuffer.allocateDirect(65536 * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 65536; i++) {
        data.putShort(i * 2, (short) i);
      }
      StoredMatrix w = new StoredMatrix("all", type, 1, 65536, data);
      float[] reference = new float[65536];
      w.dequantize(0, 1, reference, 0);
      float[] fast = new float[65536];
      kernels.dequantize(w, 0, 1, fast, 0);
      for (int i = 0; i < 65536; i++) {
        assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(fast[i]),
            type + " bits 0x" + Integer.toHexString(i));
      }
    }
  }
  /** Every finite half in one row (no infinity or NaN to send the row the exact way) widens exactly too. */
  @org.junit.jupiter.api.Test
  void everyFiniteHalfWidensExactlyTheShortWay() {
    StoredKernels kernels = StoredKernels.load();
    assumeTrue(kernels != null, "vector kernels unavailable: " + VectorDecode.unavailable());
    int[] finite = java.util.stream.IntStream.range(0, 65536).filter(i -> (i & 0x7c00) != 0x7c00).toArray();
    ByteBuffer data = ByteBuffer.allocateDirect(finite.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < finite.length; i++) {
      data.putShort(i * 2, (short) finite[i]);
    }
    StoredMatrix w = new StoredMatrix("finite", GgmlType.F16, 1, finite.length, data);
    float[] fast = new float[finite.length];
    kernels.dequantize(w, 0, 1, fast, 0);
    for (int i = 0; i < finite.length; i++) {
      assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) finite[i])), Float.floatToRawIntBits(fast[i]),
          "bits 0x" + Integer.toHexString(finite[i]));
    }
  }

  /**
   * The F16 single-input kernel takes a short way for finite halves and redoes a row holding an
   * infinity or NaN the exact way: either way, one input alone gives what the batched path (the
   * row widened exactly, then multiplied) gives, for rows with specials, subnormals and zeros.
   */
  @org.junit.jupiter.api.Test
  void halfRowsWithInfinitiesNansAndSubnormalsMultiplyAloneAsBatched() {
    StoredKernels kernels = StoredKernels.load();
    assumeTrue(kernels != null, "vector kernels unavailable: " + VectorDecode.unavailable());
    int rows = 6;
    int cols = 131;
    SplittableRandom random = new SplittableRandom(11);
    ByteBuffer data = ByteBuffer.allocateDirect(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows * cols; i++) {
      data.putShort(i * 2, Float.floatToFloat16((float) random.nextGaussian()));
    }
    short[] specials = {(short) 0x7c00, (short) 0xfc00, (short) 0x7e01, (short) 0x0001, (short) 0x8000, (short) 0x7bff};
    for (int r = 0; r < rows; r++) {
      data.putShort((r * cols + 17 * r + 5) * 2, specials[r]); // inf, -inf, NaN, subnormal, -0, largest finite
    }
    StoredMatrix w = new StoredMatrix("specials", GgmlType.F16, rows, cols, data);
    float[] reference = new float[rows * cols];
    w.dequantize(0, rows, reference, 0);
    float[] x = new float[2 * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] batched = new float[2 * rows];
    kernels.multiply(w, x, 2, batched);
    float[] alone = new float[rows];
    kernels.multiply(w, java.util.Arrays.copyOf(x, cols), 1, alone);
    assertArrayEquals(java.util.Arrays.copyOf(batched, rows), alone);
    assertTrue(Float.isInfinite(alone[0]) && alone[0] * x[5] > 0, "an infinite weight gives an infinite product");
    assertTrue(Float.isNaN(alone[2]), "a NaN weight gives NaN");
    for (int r = 3; r < rows; r++) {
      assertTrue(Float.isFinite(alone[r]), "row " + r);
    }
  }
}
