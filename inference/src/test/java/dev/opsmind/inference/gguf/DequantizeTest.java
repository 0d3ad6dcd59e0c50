package dev.opsmind.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Block layouts checked against the formats' definitions: blocks are packed here from chosen
 * scales and quants (independently of the dequantizer's code), and each value must equal the
 * definition's float expression exactly.
 */
class DequantizeTest {
  private final SplittableRandom r = new SplittableRandom(11);

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void q8_0() {
    ByteBuffer b = le(34 * 2);
    int[] q = new int[64];
    float[] d = {0.0125f, -3.5f};
    for (int blk = 0; blk < 2; blk++) {
      b.putShort(blk * 34, Float.floatToFloat16(d[blk]));
      for (int j = 0; j < 32; j++) {
        q[blk * 32 + j] = r.nextInt(-128, 128);
        b.put(blk * 34 + 2 + j, (byte) q[blk * 32 + j]);
      }
    }
    float[] out = new float[64];
    Dequantize.toFloat(GgmlType.Q8_0, b, out, 0, 64);
    for (int i = 0; i < 64; i++) {
      assertEquals(Float.float16ToFloat(Float.floatToFloat16(d[i / 32])) * q[i], out[i]);
    }
  }

  @Test
  void q4_0() {
    ByteBuffer b = le(18);
    float d = Float.float16ToFloat(Float.floatToFloat16(0.37f));
    b.putShort(0, Float.floatToFloat16(d));
    int[] q = new int[32];
    for (int j = 0; j < 32; j++) {
      q[j] = r.nextInt(16);
    }
    for (int j = 0; j < 16; j++) {
      b.put(2 + j, (byte) (q[j] | q[j + 16] << 4)); // low nibbles: first half; high: second half
    }
    float[] out = new float[32];
    Dequantize.toFloat(GgmlType.Q4_0, b, out, 0, 32);
    for (int i = 0; i < 32; i++) {
      assertEquals((q[i] - 8) * d, out[i]);
    }
  }

  @Test
  void q4_k() {
    ByteBuffer b = le(144);
    float d = Float.float16ToFloat(Float.floatToFloat16(0.021f));
    float dmin = Float.float16ToFloat(Float.floatToFloat16(0.0071f));
    b.putShort(0, Float.floatToFloat16(d));
    b.putShort(2, Float.floatToFloat16(dmin));
    int[] sc = new int[8];
    int[] mn = new int[8];
    for (int i = 0; i < 8; i++) {
      sc[i] = r.nextInt(64);
      mn[i] = r.nextInt(64);
    }
    // 12 bytes: bytes 0-3 = low 6 bits of scales 0-3 (top 2 bits: scales 4-7's high bits),
    // bytes 4-7 = mins 0-3 likewise, bytes 8-11 = low nibble scale 4-7, high nibble min 4-7.
    for (int i = 0; i < 4; i++) {
      b.put(4 + i, (byte) (sc[i] | (sc[i + 4] >> 4) << 6));
      b.put(8 + i, (byte) (mn[i] | (mn[i + 4] >> 4) << 6));
      b.put(12 + i, (byte) ((sc[i + 4] & 15) | (mn[i + 4] & 15) << 4));
    }
    int[] q = new int[256];
    for (int i = 0; i < 256; i++) {
      q[i] = r.nextInt(16);
    }
    // four groups of 64: 32 bytes each, values 0-31 in low nibbles, 32-63 in high nibbles
    for (int g = 0; g < 4; g++) {
      for (int l = 0; l < 32; l++) {
        b.put(16 + g * 32 + l, (byte) (q[g * 64 + l] | q[g * 64 + 32 + l] << 4));
      }
    }
    float[] out = new float[256];
    Dequantize.toFloat(GgmlType.Q4_K, b, out, 0, 256);
    for (int i = 0; i < 256; i++) {
      int sub = i / 32; // eight sub-blocks of 32 values
      float scale = d * sc[sub];
      float min = dmin * mn[sub];
      assertEquals(scale * q[i] - min, out[i], "value " + i);
    }
  }

  @Test
  void q6_k() {
    ByteBuffer b = le(210);
    float d = Float.float16ToFloat(Float.floatToFloat16(0.0042f));
    b.putShort(208, Float.floatToFloat16(d));
    int[] sc = new int[16];
    for (int i = 0; i < 16; i++) {
      sc[i] = r.nextInt(-128, 128);
      b.put(192 + i, (byte) sc[i]);
    }
    int[] q = new int[256]; // 6-bit, 0..63
    for (int i = 0; i < 256; i++) {
      q[i] = r.nextInt(64);
    }
    // per half of 128 values: value l + 32k (k = 0..3) → low 4 bits in ql[(k & 1) * 32 + l] (low nibble
    // for k < 2, high nibble for k >= 2), high 2 bits in qh[l] at bit 2k.
    for (int half = 0; half < 2; half++) {
      for (int l = 0; l < 32; l++) {
        int[] v = new int[4];
        for (int k = 0; k < 4; k++) {
          v[k] = q[half * 128 + k * 32 + l];
        }
        b.put(half * 64 + l, (byte) ((v[0] & 15) | (v[2] & 15) << 4));
        b.put(half * 64 + 32 + l, (byte) ((v[1] & 15) | (v[3] & 15) << 4));
        b.put(128 + half * 32 + l, (byte) ((v[0] >> 4) | (v[1] >> 4) << 2 | (v[2] >> 4) << 4 | (v[3] >> 4) << 6));
      }
    }
    float[] out = new float[256];
    Dequantize.toFloat(GgmlType.Q6_K, b, out, 0, 256);
    for (int i = 0; i < 256; i++) {
      assertEquals(d * sc[i / 16] * (q[i] - 32), out[i], "value " + i);
    }
  }

  @Test
  void referenceQuantizersRoundLikeC() {
    assertEquals(3f, Quantize.roundf(2.5f));
    assertEquals(-3f, Quantize.roundf(-2.5f));
    assertEquals(0f, Quantize.roundf(0.49999997f));
    float[] x = new float[32];
    x[0] = 1.27f;
    x[1] = -0.635f;
    ByteBuffer q = Quantize.encode(GgmlType.Q8_0, x, 0, 32).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(127, q.get(2));
    assertEquals(-64, q.get(3)); // -0.635 / 0.01 = -63.5 → -64 (away from zero)
  }
}
