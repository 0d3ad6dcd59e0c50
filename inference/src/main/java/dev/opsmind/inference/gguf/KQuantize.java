package dev.opsmind.inference.gguf;

import java.nio.ByteBuffer;

/**
 * F32 → Q4_K and Q6_K, following llama.cpp's reference quantizers ({@code quantize_row_q4_K_ref},
 * {@code quantize_row_q6_K_ref}): per 256-value super-block, each sub-block's scale (and Q4_K's
 * min) is fitted by a small search minimising the weighted squared error, then the sub-block
 * scales are themselves quantized (6 bits for Q4_K against an f16 d and dmin, int8 for Q6_K
 * against an f16 d) and the values requantized with the scales as stored. Layouts: {@link Dequantize}.
 */
final class KQuantize {
  /** Below this a group counts as all zeros (llama.cpp's GROUP_MAX_EPS). */
  private static final float EPS = 1e-15f;

  private KQuantize() {}

  /** C's nearest_int: round half to even (the float trick llama.cpp uses gives the same). */
  static int nearest(float x) {
    return (int) Math.rint(x);
  }

  static void q4_k(float[] x, int o, ByteBuffer out) {
    int at = out.position();
    int[] levels = new int[256];
    int[] scratch = new int[32];
    float[] weights = new float[32];
    float[] scales = new float[8];
    float[] mins = new float[8];
    float maxScale = 0;
    float maxMin = 0;
    for (int j = 0; j < 8; j++) {
      int s = o + 32 * j;
      float sumSquares = 0;
      for (int l = 0; l < 32; l++) {
        sumSquares += x[s + l] * x[s + l];
      }
      float average = (float) Math.sqrt(sumSquares / 32);
      for (int l = 0; l < 32; l++) {
        weights[l] = average + Math.abs(x[s + l]);
      }
      float[] minOut = new float[1];
      scales[j] = fitScaleAndMin(x, s, weights, levels, 32 * j, minOut, scratch);
      mins[j] = minOut[0];
      maxScale = Math.max(maxScale, scales[j]);
      maxMin = Math.max(maxMin, mins[j]);
    }
    float invScale = maxScale > 0 ? 63f / maxScale : 0f;
    float invMin = maxMin > 0 ? 63f / maxMin : 0f;
    byte[] packed = new byte[12];
    for (int j = 0; j < 8; j++) {
      int ls = Math.min(63, nearest(invScale * scales[j]));
      int lm = Math.min(63, nearest(invMin * mins[j]));
      if (j < 4) {
        packed[j] = (byte) ls;
        packed[j + 4] = (byte) lm;
      } else {
        packed[j + 4] = (byte) ((ls & 0xf) | ((lm & 0xf) << 4));
        packed[j - 4] |= (byte) ((ls >> 4) << 6);
        packed[j] |= (byte) ((lm >> 4) << 6);
      }
    }
    short dBits = Float.floatToFloat16(maxScale / 63f);
    short dminBits = Float.floatToFloat16(maxMin / 63f);
    float d = Float.float16ToFloat(dBits);
    float dmin = Float.float16ToFloat(dminBits);
    ByteBuffer scaleView = ByteBuffer.wrap(packed);
    int[] sm = new int[2];
    for (int j = 0; j < 8; j++) {
      Dequantize.scaleMinK4(scaleView, 0, j, sm);
      float scale = d * sm[0];
      if (scale == 0) {
        continue;
      }
      float min = dmin * sm[1];
      for (int l = 0; l < 32; l++) {
        levels[32 * j + l] = Math.max(0, Math.min(15, nearest((x[o + 32 * j + l] + min) / scale)));
      }
    }
    out.putShort(at, dBits).putShort(at + 2, dminBits);
    for (int i = 0; i < 12; i++) {
      out.put(at + 4 + i, packed[i]);
    }
    for (int g = 0; g < 4; g++) {
      for (int l = 0; l < 32; l++) {
        out.put(at + 16 + 32 * g + l, (byte) (levels[64 * g + l] | (levels[64 * g + 32 + l] << 4)));
      }
    }
    out.position(at + 144);
  }

  /**
   * Levels 0..15 for 32 values as scale · level − min (min ≥ 0 returned in minOut, the scale
   * returned): a first guess from the range, then 21 rescalings of it, each refitted by weighted
   * least squares, the one with the smallest weighted squared error kept (make_qkx2_quants with
   * nmax 15, rmin −1, rdelta 0.1, 20 steps).
   */
  private static float fitScaleAndMin(float[] x, int s, float[] w, int[] levels, int lo, float[] minOut,
      int[] scratch) {
    int n = 32;
    int nmax = 15;
    float min = x[s];
    float max = x[s];
    float sumW = w[0];
    float sumX = sumW * x[s];
    for (int i = 1; i < n; i++) {
      min = Math.min(min, x[s + i]);
      max = Math.max(max, x[s + i]);
      sumW += w[i];
      sumX += w[i] * x[s + i];
    }
    if (min > 0) {
      min = 0;
    }
    if (max == min) {
      for (int i = 0; i < n; i++) {
        levels[lo + i] = 0;
      }
      minOut[0] = -min;
      return 0f;
    }
    float iscale = nmax / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; i++) {
      int l = Math.max(0, Math.min(nmax, nearest(iscale * (x[s + i] - min))));
      levels[lo + i] = l;
      float diff = scale * l + min - x[s + i];
      bestError += w[i] * diff * diff;
    }
    for (int step = 0; step <= 20; step++) {
      iscale = (-1f + 0.1f * step + nmax) / (max - min);
      float sumL = 0;
      float sumL2 = 0;
      float sumXL = 0;
      for (int i = 0; i < n; i++) {
        int l = Math.max(0, Math.min(nmax, nearest(iscale * (x[s + i] - min))));
        scratch[i] = l;
        sumL += w[i] * l;
        sumL2 += w[i] * l * l;
        sumXL += w[i] * l * x[s + i];
      }
      float det = sumW * sumL2 - sumL * sumL;
      if (det > 0) {
        float thisScale = (sumW * sumXL - sumX * sumL) / det;
        float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
        if (thisMin > 0) {
          thisMin = 0;
          thisScale = sumXL / sumL2;
        }
        float error = 0;
        for (int i = 0; i < n; i++) {
          float diff = thisScale * scratch[i] + thisMin - x[s + i];
          error += w[i] * diff * diff;
        }
        if (error < bestError) {
          System.arraycopy(scratch, 0, levels, lo, n);
          bestError = error;
          scale = thisScale;
          min = thisMin;
        }
      }
    }
    minOut[0] = -min;
    return scale;
  }

  static void q6_k(float[] x, int o, ByteBuffer out) {
    int at = out.position();
    int[] levels = new int[256];
    float[] scales = new float[16];
    float maxScale = 0;
    float maxAbsScale = 0;
    for (int g = 0; g < 16; g++) {
      scales[g] = fitSymmetric(x, o + 16 * g, levels, 16 * g);
      if (Math.abs(scales[g]) > maxAbsScale) {
        maxAbsScale = Math.abs(scales[g]);
        maxScale = scales[g];
      }
    }
    for (int i = 0; i < 210; i++) {
      out.put(at + i, (byte) 0);
    }
    out.position(at + 210);
    if (maxAbsScale < EPS) {
      return; // all zeros: d = 0
    }
    float iscale = -128f / maxScale;
    short dBits = Float.floatToFloat16(1 / iscale);
    out.putShort(at + 208, dBits);
    float d0 = Float.float16ToFloat(dBits);
    for (int g = 0; g < 16; g++) {
      byte sc = (byte) Math.min(127, nearest(iscale * scales[g]));
      out.put(at + 192 + g, sc);
      float d = d0 * sc;
      if (d == 0) {
        continue;
      }
      for (int i = 0; i < 16; i++) {
        levels[16 * g + i] = Math.max(-32, Math.min(31, nearest(x[o + 16 * g + i] / d))) + 32;
      }
    }
    for (int half = 0; half < 2; half++) {
      int j = 128 * half;
      int ql = at + 64 * half;
      int qh = at + 128 + 32 * half;
      for (int l = 0; l < 32; l++) {
        int q1 = levels[j + l];
        int q2 = levels[j + l + 32];
        int q3 = levels[j + l + 64];
        int q4 = levels[j + l + 96];
        out.put(ql + l, (byte) ((q1 & 0xf) | ((q3 & 0xf) << 4)));
        out.put(ql + l + 32, (byte) ((q2 & 0xf) | ((q4 & 0xf) << 4)));
        out.put(qh + l, (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6)));
      }
    }
  }

  /**
   * Levels −32..31 (stored +32) for 16 values as scale · level, the scale returned: the guess
   * −32/max of the largest-magnitude value, then 18 rescalings, each refitted by least squares
   * weighted by x², the one explaining most of the values kept (make_qx_quants, nmax 32, rmse_type 1).
   */
  private static float fitSymmetric(float[] x, int s, int[] levels, int lo) {
    int n = 16;
    int nmax = 32;
    float max = 0;
    float amax = 0;
    for (int i = 0; i < n; i++) {
      float ax = Math.abs(x[s + i]);
      if (ax > amax) {
        amax = ax;
        max = x[s + i];
      }
    }
    if (amax < EPS) {
      for (int i = 0; i < n; i++) {
        levels[lo + i] = 0;
      }
      return 0f;
    }
    float iscale = -nmax / max;
    float sumLX = 0;
    float sumL2 = 0;
    for (int i = 0; i < n; i++) {
      int l = Math.max(-nmax, Math.min(nmax - 1, nearest(iscale * x[s + i])));
      levels[lo + i] = l + nmax;
      float w = x[s + i] * x[s + i];
      sumLX += w * x[s + i] * l;
      sumL2 += w * l * l;
    }
    float scale = sumL2 != 0 ? sumLX / sumL2 : 0f;
    float best = scale * sumLX;
    for (int is = -9; is <= 9; is++) {
      if (is == 0) {
        continue;
      }
      iscale = -(nmax + 0.1f * is) / max;
      sumLX = 0;
      sumL2 = 0;
      for (int i = 0; i < n; i++) {
        int l = Math.max(-nmax, Math.min(nmax - 1, nearest(iscale * x[s + i])));
        float w = x[s + i] * x[s + i];
        sumLX += w * x[s + i] * l;
        sumL2 += w * l * l;
      }
      if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
        for (int i = 0; i < n; i++) {
          levels[lo + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, nearest(iscale * x[s + i])));
        }
        scale = sumLX / sumL2;
        best = scale * sumLX;
      }
    }
    return scale;
  }
}
