package dev.opsmind.inference.checkpoint;

import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.GgufValue;
import dev.opsmind.inference.gguf.GgufWriter;
import dev.opsmind.inference.model.DecoderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a random-initialised Llama checkpoint as one GGUF file with a SentencePiece-style
 * vocabulary in its metadata ({@code tokenizer.ggml.model = llama}: unk, BOS, EOS, the 256 byte
 * tokens, then ▁-prefixed word pieces with every prefix, so the SPM merges reach whole words).
 * Tests use it where the trained stories260K file (../shared) is absent: it exercises the GGUF
 * loader and the SentencePiece rules (prefix space, ▁ as space) with no external data. Weights
 * are F32, N(0, std) (norms 1 + std·N), in GGUF's own q/k row order: being random, no HF order is
 * implied. A plain chat template ({@code tokenizer.chat_template}) is included.
 */
public final class RandomGguf {
  private RandomGguf() {}

  /** Words whose ▁-prefixed pieces (and all their prefixes) fill the vocabulary after the letters. */
  private static final List<String> WORDS = List.of("a", "the", "disk", "is", "full", "restart", "nginx", "log",
      "error", "server", "once", "upon", "time", "there", "was", "little", "girl", "named", "lily", "she", "loved",
      "to", "play", "outside", "in", "park", "one", "day", "saw", "big", "red", "ball", "check", "memory", "cpu",
      "service", "failed", "timeout", "connection", "refused");

  /** A plain role-prefixed template (BOS first), so chat completions run on the file too. */
  static final String CHAT_TEMPLATE = "{{ bos_token }}{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n"
      + "{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}";

  /** The vocabulary: token texts in id order (0 unk, 1 BOS, 2 EOS, 3..258 bytes, then pieces). */
  public static List<String> vocabulary(int size) {
    Set<String> tokens = new LinkedHashSet<>(List.of("<unk>", "<s>", "</s>"));
    for (int b = 0; b < 256; b++) {
      tokens.add(String.format("<0x%02X>", b));
    }
    tokens.add("\u2581");
    for (char c = 'a'; c <= 'z'; c++) {
      tokens.add(String.valueOf(c));
    }
    for (String p : List.of(".", ",", "!", "?", "'")) {
      tokens.add(p);
    }
    for (String w : WORDS) {
      for (int end = 1; end <= w.length(); end++) {
        tokens.add("\u2581" + w.substring(0, end));
      }
    }
    List<String> out = new ArrayList<>(tokens);
    // two-letter pieces fill what is left, then three- and four-letter ones, so any vocab_size of a
    // real shape is met
    Set<String> seen = new java.util.HashSet<>(out);
    for (int length = 2; length <= 4 && out.size() < size; length++) {
      int count = (int) Math.pow(26, length);
      for (int code = 0; code < count && out.size() < size; code++) {
        char[] piece = new char[length];
        for (int p = length - 1, c = code; p >= 0; p--, c /= 26) {
          piece[p] = (char) ('a' + c % 26);
        }
        String text = new String(piece);
        if (seen.add(text)) {
          out.add(text);
        }
      }
    }
    if (out.size() < size) {
      throw new IllegalArgumentException("vocab_size " + size + " is more than this vocabulary's " + out.size());
    }
    return out.subList(0, size);
  }

  public static void write(Path file, DecoderConfig c, long seed, double std) {
    // qwen2 is llama's layout with q/k/v biases and unpermuted q/k rows: for random weights the same writer serves
    if (!c.modelType().equals("llama") && !c.modelType().equals("qwen2")) {
      throw new IllegalArgumentException("RandomGguf writes llama and qwen2 checkpoints, not " + c.modelType());
    }
    List<String> vocab = vocabulary(c.vocabSize());
    float[] scores = new float[vocab.size()];
    long[] types = new long[vocab.size()];
    for (int i = 0; i < vocab.size(); i++) {
      types[i] = i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1; // unknown, control, byte, normal
      scores[i] = i < 259 ? 0 : -(i - 259); // earlier pieces merge first, as SentencePiece BPE scores them
    }
    String a = c.modelType() + ".";
    GgufWriter w = new GgufWriter()
        .put("general.architecture", GgufValue.string(c.modelType()))
        .put("general.name", GgufValue.string("random " + c.modelType() + " (opsmind RandomGguf)"))
        .put(a + "context_length", GgufValue.uint32(c.maxPositionEmbeddings()))
        .put(a + "embedding_length", GgufValue.uint32(c.hiddenSize()))
        .put(a + "block_count", GgufValue.uint32(c.numLayers()))
        .put(a + "feed_forward_length", GgufValue.uint32(c.intermediateSize()))
        .put(a + "attention.head_count", GgufValue.uint32(c.numHeads()))
        .put(a + "attention.head_count_kv", GgufValue.uint32(c.numKvHeads()))
        .put(a + "attention.key_length", GgufValue.uint32(c.headDim()))
        .put(a + "rope.dimension_count", GgufValue.uint32(c.headDim()))
        .put(a + "rope.freq_base", GgufValue.float32((float) c.ropeTheta()))
        .put(a + "attention.layer_norm_rms_epsilon", GgufValue.float32((float) c.rmsNormEps()))
        .put("tokenizer.ggml.model", GgufValue.string("llama"))
        .put("tokenizer.ggml.tokens", GgufValue.strings(vocab))
        .put("tokenizer.ggml.scores", GgufValue.floats(scores))
        .put("tokenizer.ggml.token_type", GgufValue.integers(GgufValue.Type.INT32, types))
        .put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(0))
        .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(1))
        .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(2))
        .put("tokenizer.ggml.add_bos_token", GgufValue.bool(true))
        .put("tokenizer.ggml.add_space_prefix", GgufValue.bool(true))
        .put("tokenizer.chat_template", GgufValue.string(CHAT_TEMPLATE));
    SplittableRandom random = new SplittableRandom(seed);
    int h = c.hiddenSize();
    int q = c.numHeads() * c.headDim();
    int kv = c.numKvHeads() * c.headDim();
    matrix(w, "token_embd.weight", random, std, c.vocabSize(), h);
    for (int l = 0; l < c.numLayers(); l++) {
      String p = "blk." + l + ".";
      norm(w, p + "attn_norm.weight", random, std, h);
      matrix(w, p + "attn_q.weight", random, std, q, h);
      matrix(w, p + "attn_k.weight", random, std, kv, h);
      matrix(w, p + "attn_v.weight", random, std, kv, h);
      matrix(w, p + "attn_output.weight", random, std, h, q);
      if (c.attentionBias()) {
        matrix(w, p + "attn_q.bias", random, std, q);
        matrix(w, p + "attn_k.bias", random, std, kv);
        matrix(w, p + "attn_v.bias", random, std, kv);
      }
      norm(w, p + "ffn_norm.weight", random, std, h);
      matrix(w, p + "ffn_gate.weight", random, std, c.intermediateSize(), h);
      matrix(w, p + "ffn_up.weight", random, std, c.intermediateSize(), h);
      matrix(w, p + "ffn_down.weight", random, std, h, c.intermediateSize());
    }
    norm(w, "output_norm.weight", random, std, h);
    if (!c.tieWordEmbeddings()) {
      matrix(w, "output.weight", random, std, c.vocabSize(), h);
    }
    try {
      w.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void matrix(GgufWriter w, String name, SplittableRandom random, double std, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    w.tensor(name, GgmlType.F32, shape, v);
  }

  private static void norm(GgufWriter w, String name, SplittableRandom random, double std, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) (1 + random.nextGaussian() * std);
    }
    w.tensor(name, GgmlType.F32, new long[] {size}, v);
  }
}
