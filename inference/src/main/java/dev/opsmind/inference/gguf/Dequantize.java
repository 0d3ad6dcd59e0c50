package dev.opsmind.inference.gguf;

import java.nio.ByteBuffer;

/**
 * Block formats to F32, value for value as llama.cpp's reference {@code dequantize_row_*}
 * functions compute them (same float operations in the same order, so results are bit-equal).
 *
 * <p>Layouts (little-endian, per block): Q8_0 = f16 scale d, 32 × int8 (x = d·q); Q4_0 = f16 d,
 * 16 bytes holding 32 nibbles, low nibbles the first half of the block, high nibbles the second
 * (x = d·(q − 8)); Q4_K (256 values) = f16 d, f16 dmin, 12 bytes packing eight 6-bit scales and
 * eight 6-bit mins, 128 bytes of nibbles, four 64-value groups each using two (scale, min) pairs
 * (x = d·sc·q − dmin·m); Q6_K (256 values) = 128 bytes of low nibbles, 64 bytes of 2-bit high
 * parts, 16 int8 scales, f16 d (x = d·sc·(q − 32)).
 */
public final class Dequantize {
  private Dequantize() {}

  /** Dequantizes {@code n} values (whole blocks) from {@code src}'s start into {@code out[off..]}. */
  public static void toFloat(GgmlType type, ByteBuffer src, float[] out, int off, int n) {
    if (n % type.blockSize() != 0) {
      throw new IllegalArgumentException(n + " values are not whole " + type + " blocks of " + type.blockSize());
    }
    switch (type) {
      case F32 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = src.getFloat(i * 4);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = Float.float16ToFloat(src.getShort(i * 2));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = bf16(src.getShort(i * 2));
        }
      }
      case Q8_0 -> q8_0(src, out, off, n / 32);
      case Q4_0 -> q4_0(src, out, off, n / 32);
      case Q4_K -> q4_k(src, out, off, n / 256);
      case Q6_K -> q6_k(src, out, off, n / 256);
      default -> throw new GgufFormatException("tensor type " + type + " is not supported; supported types: "
          + GgmlType.supportedNames());
    }
  }

  public static float bf16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  private static void q8_0(ByteBuffer src, float[] out, int off, int blocks) {
    for (int b = 0; b < blocks; b++) {
      int base = b * 34;
      float d = Float.float16ToFloat(src.getShort(base));
      int o = off + b * 32;
      for (int j = 0; j < 32; j++) {
        out[o + j] = src.get(base + 2 + j) * d;
      }
    }
  }

  private static void q4_0(ByteBuffer src, float[] out, int off, int blocks) {
    for (int b = 0; b < blocks; b++) {
      int base = b * 18;
      float d = Float.float16ToFloat(src.getShort(base));
      int o = off + b * 32;
      for (int j = 0; j < 16; j++) {
        int q = src.get(base + 2 + j) & 0xff;
        out[o + j] = ((q & 0x0f) - 8) * d;
        out[o + j + 16] = ((q >> 4) - 8) * d;
      }
    }
  }

  /** Scale (index 0) and min (index 1) number j of a Q4_K block's 12 packed bytes at {@code at}. */
  static int[] scaleMinK4(ByteBuffer src, int at, int j, int[] out) {
    if (j < 4) {
      out[0] = src.get(at + j) & 63;
      out[1] = src.get(at + j + 4) & 63;
    } else {
      int qj4 = src.get(at + j + 4) & 0xff;
      out[0] = (qj4 & 0x0f) | (((src.get(at + j - 4) & 0xff) >> 6) << 4);
      out[1] = (qj4 >> 4) | (((src.get(at + j) & 0xff) >> 6) << 4);
    }
    return out;
  }

  private static void q4_k(ByteBuffer src, float[] out, int off, int blocks) {
    int[] sm = new int[2];
    for (int b = 0; b < blocks; b++) {
      int base = b * 144;
      float d = Float.float16ToFloat(src.getShort(base));
      float min = Float.float16ToFloat(src.getShort(base + 2));
      int scales = base + 4;
      int q = base + 16;
      int o = off + b * 256;
      int is = 0;
      for (int j = 0; j < 256; j += 64) {
        scaleMinK4(src, scales, is, sm);
        float d1 = d * sm[0];
        float m1 = min * sm[1];
        scaleMinK4(src, scales, is + 1, sm);
        float d2 = d * sm[0];
        float m2 = min * sm[1];
        for (int l = 0; l < 32; l++) {
          out[o++] = d1 * (src.get(q + l) & 0x0f) - m1;
        }
        for (int l = 0; l < 32; l++) {
          out[o++] = d2 * ((src.get(q + l) & 0xff) >> 4) - m2;
        }
        q += 32;
        is += 2;
      }
    }
  }

  private static void q6_k(ByteBuffer src, float[] out, int off, int blocks) {
    for (int b = 0; b < blocks; b++) {
      int base = b * 210;
      float d = Float.float16ToFloat(src.getShort(base + 208));
      int ql = base;
      int qh = base + 128;
      int sc = base + 192;
      int o = off + b * 256;
      for (int n = 0; n < 256; n += 128) {
        for (int l = 0; l < 32; l++) {
          int is = l / 16;
          int h = src.get(qh + l) & 0xff;
          int lo = src.get(ql + l) & 0xff;
          int lo32 = src.get(ql + l + 32) & 0xff;
          int q1 = ((lo & 0x0f) | ((h & 3) << 4)) - 32;
          int q2 = ((lo32 & 0x0f) | (((h >> 2) & 3) << 4)) - 32;
          int q3 = ((lo >> 4) | (((h >> 4) & 3) << 4)) - 32;
          int q4 = ((lo32 >> 4) | (((h >> 6) & 3) << 4)) - 32;
          out[o + l] = d * src.get(sc + is) * q1;
          out[o + l + 32] = d * src.get(sc + is + 2) * q2;
          out[o + l + 64] = d * src.get(sc + is + 4) * q3;
          out[o + l + 96] = d * src.get(sc + is + 6) * q4;
        }
        o += 128;
        ql += 64;
        qh += 32;
        sc += 8;
      }
    }
  }
}
