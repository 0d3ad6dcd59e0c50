package dev.opsmind.inference.model;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * A deliberately plain float64 Llama forward pass (no cache, no batching, loops only), written
 * from the Hugging Face modelling code, as an independent check of the decoder. Covers what Jlama
 * ignores: rope_scaling "llama3", head_dim, tied embeddings.
 */
final class Float64Reference {
  private final DecoderConfig c;
  private final ModelDirectory dir;

  Float64Reference(ModelDirectory dir) {
    this.dir = dir;
    this.c = dir.config();
  }

  private double[] read(String name) {
    ByteBuffer b = dir.readF32(name);
    FloatBuffer f = b.order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    double[] out = new double[f.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.get(i);
    }
    return out;
  }

  /** HF's _compute_llama3_parameters, written with its torch.where structure. */
  static double[] llama3InverseFrequencies(double theta, int dim, RopeScaling s) {
    double[] out = new double[dim / 2];
    double lowWavelen = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
    double highWavelen = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
    for (int i = 0; i < dim / 2; i++) {
      double inv = 1.0 / Math.pow(theta, (double) (2 * i) / dim);
      double wavelen = 2 * Math.PI / inv;
      double llama = wavelen > lowWavelen ? inv / s.factor() : inv;
      double smooth = (s.originalMaxPositionEmbeddings() / wavelen - s.lowFreqFactor())
          / (s.highFreqFactor() - s.lowFreqFactor());
      double smoothed = (1 - smooth) * llama / s.factor() + smooth * llama;
      boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
      out[i] = medium ? smoothed : llama;
    }
    return out;
  }

  /** Logits at the last position of {@code tokens}. */
  double[] lastLogits(int[] tokens) {
    int t = tokens.length;
    int h = c.hiddenSize();
    int hd = c.headDim();
    double[] embed = read("model.embed_tokens.weight");
    double[][] x = new double[t][h];
    for (int i = 0; i < t; i++) {
      System.arraycopy(embed, tokens[i] * h, x[i], 0, h);
    }
    double[] inv = c.ropeScaling() == null ? llama3InverseFrequencies(c.ropeTheta(), hd, RopeScaling.llama3(1, 1, 2, 1))
        : llama3InverseFrequencies(c.ropeTheta(), hd, c.ropeScaling());
    for (int l = 0; l < c.numLayers(); l++) {
      String p = "model.layers." + l + ".";
      double[][] n = norm(x, read(p + "input_layernorm.weight"));
      double[][] q = linear(n, read(p + "self_attn.q_proj.weight"), c.queryDim());
      double[][] k = linear(n, read(p + "self_attn.k_proj.weight"), c.kvDim());
      double[][] v = linear(n, read(p + "self_attn.v_proj.weight"), c.kvDim());
      for (int i = 0; i < t; i++) {
        rope(q[i], c.numHeads(), hd, i, inv);
        rope(k[i], c.numKvHeads(), hd, i, inv);
      }
      double[][] att = new double[t][c.queryDim()];
      int group = c.numHeads() / c.numKvHeads();
      for (int head = 0; head < c.numHeads(); head++) {
        int kvh = head / group;
        for (int i = 0; i < t; i++) {
          double[] s = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            double dot = 0;
            for (int d = 0; d < hd; d++) {
              dot += q[i][head * hd + d] * k[j][kvh * hd + d];
            }
            s[j] = dot / Math.sqrt(hd);
            max = Math.max(max, s[j]);
          }
          double sum = 0;
          for (int j = 0; j <= i; j++) {
            s[j] = Math.exp(s[j] - max);
            sum += s[j];
          }
          for (int j = 0; j <= i; j++) {
            for (int d = 0; d < hd; d++) {
              att[i][head * hd + d] += s[j] / sum * v[j][kvh * hd + d];
            }
          }
        }
      }
      add(x, linear(att, read(p + "self_attn.o_proj.weight"), h));
      double[][] n2 = norm(x, read(p + "post_attention_layernorm.weight"));
      double[][] gate = linear(n2, read(p + "mlp.gate_proj.weight"), c.intermediateSize());
      double[][] up = linear(n2, read(p + "mlp.up_proj.weight"), c.intermediateSize());
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < c.intermediateSize(); j++) {
          double g = gate[i][j];
          gate[i][j] = g / (1 + Math.exp(-g)) * up[i][j];
        }
      }
      add(x, linear(gate, read(p + "mlp.down_proj.weight"), h));
    }
    double[][] last = norm(new double[][] {x[t - 1]}, read("model.norm.weight"));
    String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
    return linear(last, read(head), c.vocabSize())[0];
  }

  private void rope(double[] vec, int heads, int hd, int pos, double[] inv) {
    for (int head = 0; head < heads; head++) {
      int b = head * hd;
      for (int i = 0; i < hd / 2; i++) {
        double a = pos * inv[i];
        double x1 = vec[b + i];
        double x2 = vec[b + i + hd / 2];
        vec[b + i] = x1 * Math.cos(a) - x2 * Math.sin(a);
        vec[b + i + hd / 2] = x2 * Math.cos(a) + x1 * Math.sin(a);
      }
    }
  }

  private double[][] norm(double[][] x, double[] w) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double ss = 0;
      for (double v : x[i]) {
        ss += v * v;
      }
      double r = 1 / Math.sqrt(ss / x[i].length + c.rmsNormEps());
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = x[i][j] * r * w[j];
      }
    }
    return out;
  }

  private static double[][] linear(double[][] x, double[] w, int outDim) {
    int in = x[0].length;
    double[][] out = new double[x.length][outDim];
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < outDim; o++) {
        double s = 0;
        for (int j = 0; j < in; j++) {
          s += x[i][j] * w[o * in + j];
        }
        out[i][o] = s;
      }
    }
    return out;
  }

  private static void add(double[][] x, double[][] y) {
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        x[i][j] += y[i][j];
      }
    }
  }

  static ModelDirectory open(Path dir) {
    return ModelDirectory.open(dir);
  }
}
