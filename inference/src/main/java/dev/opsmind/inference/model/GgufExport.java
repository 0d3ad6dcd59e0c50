package dev.opsmind.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.inference.gguf.GgufQuantizer;
import dev.opsmind.inference.gguf.GgufValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A Hugging Face checkpoint directory (config.json, F32/F16/BF16 safetensors, tokenizer.json)
 * written as one GGUF file in the types a {@link GgufQuantizer.Plan} gives, the way llama.cpp's
 * convert + quantize would lay it out, so that {@link GgufCheckpoint} loads it like any GGUF:
 * llama.cpp's metadata keys and tensor names, a Llama's (and Mistral's) q/k rows permuted to
 * llama.cpp's interleaved rope order (undone again at load), tied embeddings as a lone
 * {@code token_embd.weight}. The tokenizer travels whole as {@code tokenizer.huggingface.json}
 * (GGUF's key for it), with the vocabulary and merges also as {@code tokenizer.ggml.*} (model
 * {@code gpt2}), BOS/EOS ids and the chat template from tokenizer_config.json. Not carried:
 * generation_config.json's sampling defaults (GGUF has no place for them); Llama 3.1-style rope
 * scaling (llama.cpp writes it as a rope_freqs tensor, which opsmind does not read) is refused.
 */
public final class GgufExport {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** GGUF's key for a whole tokenizer.json ({@code tokenizer.TextTokenizer} reads it back). */
  static final String HUGGINGFACE_JSON = "tokenizer.huggingface.json";

  private GgufExport() {}

  /** True for a directory {@link #write} can read (it has a config.json). */
  public static boolean isCheckpointDirectory(Path dir) {
    return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(ModelDirectory.CONFIG));
  }

  /**
   * @param progress called after each tensor with (tensors done, tensors total)
   */
  public static void write(Path dir, Path out, GgufQuantizer.Plan plan, BiConsumer<Integer, Integer> progress)
      throws IOException {
    try (ModelDirectory m = ModelDirectory.open(dir)) {
      DecoderConfig c = m.config();
      Weights.checkShapes(m, c);
      Map<String, GgufValue> metadata = new LinkedHashMap<>();
      architecture(c, dir, metadata);
      tokenizer(dir, c, metadata);
      boolean permute = !c.modelType().equals("qwen2"); // as GgufCheckpoint undoes it
      List<GgufQuantizer.Source> tensors = new ArrayList<>();
      for (String name : tensorNames(c)) {
        long[] shape = m.shape(name);
        boolean qk = permute && (name.endsWith("self_attn.q_proj.weight") || name.endsWith("self_attn.k_proj.weight")
            || name.endsWith("self_attn.q_proj.bias") || name.endsWith("self_attn.k_proj.bias"));
        tensors.add(new GgufQuantizer.Source(GgufCheckpoint.ggufName(name), shape, () -> {
          float[] values = floats(m.readF32(name));
          return qk ? permute(values, (int) (shape[0] / c.headDim()), c.headDim(), shape.length == 1 ? 1 : (int) shape[1])
              : values;
        }));
      }
      GgufQuantizer.write(metadata, dev.opsmind.inference.gguf.GgufFile.DEFAULT_ALIGNMENT, tensors, out, plan, progress);
    }
  }

  /** Every tensor the decoder reads, Hugging Face names, in llama.cpp's order. */
  static List<String> tensorNames(DecoderConfig c) {
    List<String> out = new ArrayList<>();
    out.add("model.embed_tokens.weight");
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      out.add(p + "input_layernorm.weight");
      for (String proj : List.of("q", "k", "v")) {
        out.add(p + "self_attn." + proj + "_proj.weight");
        if (c.attentionBias()) {
          out.add(p + "self_attn." + proj + "_proj.bias");
        }
      }
      out.add(p + "self_attn.o_proj.weight");
      if (c.attentionBias() && !c.modelType().equals("qwen2")) {
        out.add(p + "self_attn.o_proj.bias");
      }
      out.add(p + "post_attention_layernorm.weight");
      out.add(p + "mlp.gate_proj.weight");
      out.add(p + "mlp.up_proj.weight");
      out.add(p + "mlp.down_proj.weight");
    }
    out.add("model.norm.weight");
    if (!c.tieWordEmbeddings()) {
      out.add("lm_head.weight");
    }
    return out;
  }

  private static void architecture(DecoderConfig c, Path dir, Map<String, GgufValue> m) {
    String a = c.modelType() + ".";
    m.put("general.architecture", GgufValue.string(c.modelType()));
    m.put("general.name", GgufValue.string(dir.toAbsolutePath().normalize().getFileName().toString()));
    m.put(a + "context_length", GgufValue.uint32(c.maxPositionEmbeddings()));
    m.put(a + "embedding_length", GgufValue.uint32(c.hiddenSize()));
    m.put(a + "block_count", GgufValue.uint32(c.numLayers()));
    m.put(a + "feed_forward_length", GgufValue.uint32(c.intermediateSize()));
    m.put(a + "attention.head_count", GgufValue.uint32(c.numHeads()));
    m.put(a + "attention.head_count_kv", GgufValue.uint32(c.numKvHeads()));
    m.put(a + "attention.key_length", GgufValue.uint32(c.headDim()));
    m.put(a + "attention.value_length", GgufValue.uint32(c.headDim()));
    m.put(a + "rope.dimension_count", GgufValue.uint32(c.headDim()));
    m.put(a + "rope.freq_base", GgufValue.float32((float) c.ropeTheta()));
    m.put(a + "attention.layer_norm_rms_epsilon", GgufValue.float32((float) c.rmsNormEps()));
    if (c.slidingWindow() > 0) {
      m.put(a + "attention.sliding_window", GgufValue.uint32(c.slidingWindow()));
    }
    if (c.ropeScaling() != null) {
      if (!c.ropeScaling().type().equals("linear")) {
        throw new ModelFormatException(dir + ": rope_scaling '" + c.ropeScaling().type() + "' cannot be written to GGUF"
            + " here (llama.cpp stores Llama 3.1 scaling as a rope_freqs tensor, which opsmind does not read)");
      }
      m.put(a + "rope.scaling.type", GgufValue.string("linear"));
      m.put(a + "rope.scaling.factor", GgufValue.float32((float) c.ropeScaling().factor()));
    }
  }

  private static void tokenizer(Path dir, DecoderConfig c, Map<String, GgufValue> m) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException(dir + " has no tokenizer.json; a GGUF checkpoint carries its tokenizer");
    }
    String json = Files.readString(file, StandardCharsets.UTF_8);
    JsonNode root = JSON.readTree(json);
    // the vocabulary by id, padded to the embedding rows as llama.cpp's converter pads ([PAD<id>])
    List<String> tokens = new ArrayList<>();
    long[] types = new long[c.vocabSize()];
    Map<Integer, String> byId = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      byId.put(e.getValue().asInt(), e.getKey());
    }
    Map<Integer, Boolean> added = new LinkedHashMap<>();
    for (JsonNode t : root.path("added_tokens")) {
      byId.put(t.path("id").asInt(), t.path("content").asText());
      added.put(t.path("id").asInt(), t.path("special").asBoolean(false));
    }
    for (int id = 0; id < c.vocabSize(); id++) {
      String text = byId.get(id);
      tokens.add(text != null ? text : "[PAD" + id + "]");
      // llama.cpp's token types: 1 normal, 3 control, 4 user-defined, 5 unused
      types[id] = text == null ? 5 : added.containsKey(id) ? (added.get(id) ? 3 : 4) : 1;
    }
    m.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
    m.put("tokenizer.ggml.tokens", GgufValue.strings(tokens));
    m.put("tokenizer.ggml.token_type", GgufValue.integers(GgufValue.Type.INT32, types));
    List<String> merges = new ArrayList<>();
    for (JsonNode merge : root.path("model").path("merges")) {
      // "a b", or ["a", "b"] in newer tokenizer.json files
      merges.add(merge.isArray() ? merge.get(0).asText() + " " + merge.get(1).asText() : merge.asText());
    }
    m.put("tokenizer.ggml.merges", GgufValue.strings(merges));
    m.put(HUGGINGFACE_JSON, GgufValue.string(json));
    JsonNode config = Files.isRegularFile(dir.resolve("tokenizer_config.json"))
        ? JSON.readTree(dir.resolve("tokenizer_config.json").toFile()) : JSON.createObjectNode();
    JsonNode template = config.path("chat_template");
    if (template.isTextual()) {
      m.put("tokenizer.chat_template", GgufValue.string(template.asText()));
    } else if (template.isArray()) {
      for (JsonNode named : template) {
        if ("default".equals(named.path("name").asText())) {
          m.put("tokenizer.chat_template", GgufValue.string(named.path("template").asText()));
        }
      }
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    byId.forEach((id, text) -> ids.putIfAbsent(text, id));
    Integer bos = tokenId(config.path("bos_token"), ids);
    JsonNode generation = Files.isRegularFile(dir.resolve("generation_config.json"))
        ? JSON.readTree(dir.resolve("generation_config.json").toFile()) : JSON.createObjectNode();
    JsonNode modelConfig = JSON.readTree(dir.resolve(ModelDirectory.CONFIG).toFile());
    if (bos == null) {
      JsonNode b = generation.path("bos_token_id").isInt() ? generation.path("bos_token_id") : modelConfig.path("bos_token_id");
      bos = b.isInt() ? b.asInt() : null;
    }
    if (bos != null) {
      m.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(bos));
    }
    // EOS: tokenizer_config's eos_token first (a chat model's end of turn), then generation_config's
    List<Integer> eos = new ArrayList<>();
    Integer configEos = tokenId(config.path("eos_token"), ids);
    if (configEos != null) {
      eos.add(configEos);
    }
    for (JsonNode source : List.of(generation.path("eos_token_id"), modelConfig.path("eos_token_id"))) {
      for (JsonNode id : source.isArray() ? source : JSON.createArrayNode().add(source)) {
        if (id.isInt() && !eos.contains(id.asInt())) {
          eos.add(id.asInt());
        }
      }
    }
    if (!eos.isEmpty()) {
      m.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(eos.get(0)));
    }
    if (eos.size() > 1) { // llama.cpp's end-of-turn id, which also ends generation
      m.put("tokenizer.ggml.eot_token_id", GgufValue.uint32(eos.get(1)));
    }
  }

  private static Integer tokenId(JsonNode token, Map<String, Integer> ids) {
    String text = token.isTextual() ? token.asText() : token.path("content").asText(null);
    return text == null ? null : ids.get(text);
  }

  private static float[] floats(ByteBuffer b) {
    float[] out = new float[b.capacity() / Float.BYTES];
    b.duplicate().order(b.order()).asFloatBuffer().get(out);
    return out;
  }

  /**
   * llama.cpp's q/k permutation (its converter's {@code permute}): within each head, Hugging Face
   * row j·d/2 + i goes to row 2i + j, so rotary pairs are adjacent; {@link GgufCheckpoint#unpermute}
   * is its inverse.
   */
  static float[] permute(float[] w, int heads, int headDim, int cols) {
    float[] out = new float[w.length];
    int half = headDim / 2;
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < half; i++) {
        for (int j = 0; j < 2; j++) {
          System.arraycopy(w, (h * headDim + j * half + i) * cols, out, (h * headDim + 2 * i + j) * cols, cols);
        }
      }
    }
    return out;
  }
}
