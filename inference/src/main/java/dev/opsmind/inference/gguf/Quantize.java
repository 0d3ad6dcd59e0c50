package dev.opsmind.inference.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * F32 values to the formats opsmind writes, as llama.cpp's reference quantizers
 * ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}; Q4_K and Q6_K in {@link KQuantize})
 * and conversions compute them, so a file written here holds what llama.cpp would write for the
 * same values (up to float contraction in the K-quants' fitting, which C compilers may apply).
 */
public final class Quantize {
  private Quantize() {}

  /** The types {@link #encode} writes. */
  public static boolean writable(GgmlType type) {
    return switch (type) {
      case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K -> true;
      default -> false;
    };
  }

  /** Encodes {@code n} values (whole blocks of the type) starting at {@code values[off]}. */
  public static ByteBuffer encode(GgmlType type, float[] values, int off, int n) {
    if (n % type.blockSize() != 0) {
      throw new IllegalArgumentException(n + " values are not whole " + type + " blocks of " + type.blockSize());
    }
    ByteBuffer out = ByteBuffer.allocate((int) type.bytes(n)).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case F32 -> {
        for (int i = 0; i < n; i++) {
          out.putFloat(values[off + i]);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out.putShort(Float.floatToFloat16(values[off + i]));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out.putShort(bf16(values[off + i]));
        }
      }
      case Q8_0 -> {
        for (int b = 0; b < n; b += 32) {
          q8_0(values, off + b, out);
        }
      }
      case Q4_0 -> {
        for (int b = 0; b < n; b += 32) {
          q4_0(values, off + b, out);
        }
      }
      case Q4_K -> {
        for (int b = 0; b < n; b += 256) {
          KQuantize.q4_k(values, off + b, out);
        }
      }
      case Q6_K -> {
        for (int b = 0; b < n; b += 256) {
          KQuantize.q6_k(values, off + b, out);
        }
      }
      default -> throw new IllegalArgumentException("opsmind does not write " + type
          + "; it writes F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K");
    }
    return out.flip();
  }

  /** F32 → BF16, round to nearest even (NaN kept quiet), as ggml's {@code ggml_fp32_to_bf16}. */
  public static short bf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 64);
    }
    return (short) ((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 16);
  }

  /** C's roundf: halves away from zero (the double sum is exact for any float). */
  static float roundf(float x) {
    return x >= 0 ? (float) Math.floor((double) x + 0.5) : -(float) Math.floor(-(double) x + 0.5);
  }

  private static void q8_0(float[] x, int o, ByteBuffer out) {
    float amax = 0;
    for (int j = 0; j < 32; j++) {
      amax = Math.max(amax, Math.abs(x[o + j]));
    }
    float d = amax / 127;
    float id = d != 0 ? 1.0f / d : 0.0f;
    out.putShort(Float.floatToFloat16(d));
    for (int j = 0; j < 32; j++) {
      out.put((byte) roundf(x[o + j] * id));
    }
  }

  private static void q4_0(float[] x, int o, ByteBuffer out) {
    float amax = 0;
    float max = 0;
    for (int j = 0; j < 32; j++) {
      float v = x[o + j];
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    float d = max / -8;
    float id = d != 0 ? 1.0f / d : 0.0f;
    out.putShort(Float.floatToFloat16(d));
    for (int j = 0; j < 16; j++) {
      int lo = Math.min(15, (int) (x[o + j] * id + 8.5f));
      int hi = Math.min(15, (int) (x[o + 16 + j] * id + 8.5f));
      out.put((byte) (lo | (hi << 4)));
    }
  }
}
