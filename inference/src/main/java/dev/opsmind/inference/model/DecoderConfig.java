package dev.opsmind.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A decoder-only transformer's shape, parsed from a Hugging Face config.json and validated.
 *
 * @param ropeScaling null when positions are not scaled
 * @param slidingWindow 0 when attention sees the whole context (Mistral may set a window)
 */
public record DecoderConfig(String modelType, int vocabSize, int hiddenSize, int numLayers, int numHeads,
    int numKvHeads, int headDim, int intermediateSize, double ropeTheta, RopeScaling ropeScaling,
    double rmsNormEps, int maxPositionEmbeddings, boolean tieWordEmbeddings, boolean attentionBias,
    int slidingWindow) {

  public static final List<String> SUPPORTED_MODEL_TYPES = List.of("llama", "qwen2", "mistral");
  private static final ObjectMapper JSON = new ObjectMapper();

  public DecoderConfig {
    if (!SUPPORTED_MODEL_TYPES.contains(modelType)) {
      throw new ModelFormatException("model_type '" + modelType + "' is not supported; supported model_types: "
          + String.join(", ", SUPPORTED_MODEL_TYPES));
    }
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("num_key_value_heads", numKvHeads);
    positive("head_dim", headDim);
    positive("intermediate_size", intermediateSize);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (numHeads % numKvHeads != 0) {
      throw new ModelFormatException("num_attention_heads (" + numHeads + ") must be a multiple of num_key_value_heads ("
          + numKvHeads + ")");
    }
    if (headDim % 2 != 0) {
      throw new ModelFormatException("head_dim must be even for rotary embeddings, got " + headDim);
    }
    if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
      throw new ModelFormatException("rope_theta and rms_norm_eps must be > 0, got " + ropeTheta + ", " + rmsNormEps);
    }
    if (slidingWindow < 0) {
      throw new ModelFormatException("sliding_window must be >= 0, got " + slidingWindow);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new ModelFormatException("config.json field " + field + " must be > 0, got " + value);
    }
  }

  public int queryDim() {
    return numHeads * headDim;
  }

  public int kvDim() {
    return numKvHeads * headDim;
  }

  /** Reads and validates {@code config.json}. */
  public static DecoderConfig read(Path configJson) {
    JsonNode root;
    try {
      root = JSON.readTree(configJson.toFile());
    } catch (IOException e) {
      throw new ModelFormatException("cannot read " + configJson + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(configJson + " is not a JSON object");
    }
    try {
      return parse(root);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(configJson + ": " + e.getMessage(), e);
    }
  }

  static DecoderConfig parse(JsonNode c) {
    String type = c.path("model_type").asText("");
    if (type.isEmpty()) {
      throw new ModelFormatException("config.json has no model_type; supported model_types: "
          + String.join(", ", SUPPORTED_MODEL_TYPES));
    }
    int hidden = required(c, "hidden_size");
    int heads = required(c, "num_attention_heads");
    int kvHeads = c.path("num_key_value_heads").asInt(heads);
    int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : (heads > 0 ? hidden / heads : 0);
    boolean qwen2 = type.equals("qwen2");
    boolean bias = c.has("attention_bias") ? c.get("attention_bias").asBoolean() : qwen2;
    int window = 0;
    if (c.hasNonNull("sliding_window") && (!qwen2 || c.path("use_sliding_window").asBoolean(false))) {
      window = c.get("sliding_window").asInt();
    }
    return new DecoderConfig(type, required(c, "vocab_size"), hidden, required(c, "num_hidden_layers"), heads, kvHeads,
        headDim, required(c, "intermediate_size"), c.path("rope_theta").asDouble(10000.0), ropeScaling(c.get("rope_scaling")),
        c.path("rms_norm_eps").asDouble(1e-6), required(c, "max_position_embeddings"),
        c.path("tie_word_embeddings").asBoolean(false), bias, window);
  }

  private static int required(JsonNode c, String field) {
    JsonNode v = c.get(field);
    if (v == null || !v.canConvertToInt()) {
      throw new ModelFormatException("config.json field " + field + " is missing or not an integer");
    }
    return v.asInt();
  }

  private static RopeScaling ropeScaling(JsonNode s) {
    if (s == null || s.isNull()) {
      return null;
    }
    String type = s.hasNonNull("rope_type") ? s.get("rope_type").asText() : s.path("type").asText("");
    if (type.equals("default")) {
      return null;
    }
    return new RopeScaling(type, s.path("factor").asDouble(0), s.path("low_freq_factor").asDouble(0),
        s.path("high_freq_factor").asDouble(0), s.path("original_max_position_embeddings").asInt(0));
  }

  /** The Hugging Face config.json this config is read from (used when writing checkpoints). */
  public ObjectNode toJson() {
    ObjectNode c = JSON.createObjectNode();
    String arch = switch (modelType) {
      case "llama" -> "LlamaForCausalLM";
      case "qwen2" -> "Qwen2ForCausalLM";
      default -> "MistralForCausalLM";
    };
    c.putArray("architectures").add(arch);
    c.put("model_type", modelType);
    c.put("vocab_size", vocabSize);
    c.put("hidden_size", hiddenSize);
    c.put("num_hidden_layers", numLayers);
    c.put("num_attention_heads", numHeads);
    c.put("num_key_value_heads", numKvHeads);
    c.put("head_dim", headDim);
    c.put("intermediate_size", intermediateSize);
    c.put("hidden_act", "silu");
    c.put("rope_theta", ropeTheta);
    if (ropeScaling == null) {
      c.putNull("rope_scaling");
    } else {
      ObjectNode s = c.putObject("rope_scaling");
      s.put("rope_type", ropeScaling.type());
      s.put("factor", ropeScaling.factor());
      if (ropeScaling.type().equals("llama3")) {
        s.put("low_freq_factor", ropeScaling.lowFreqFactor());
        s.put("high_freq_factor", ropeScaling.highFreqFactor());
        s.put("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
      }
    }
    c.put("rms_norm_eps", rmsNormEps);
    c.put("max_position_embeddings", maxPositionEmbeddings);
    c.put("tie_word_embeddings", tieWordEmbeddings);
    if (!modelType.equals("qwen2")) {
      c.put("attention_bias", attentionBias);
    }
    if (slidingWindow > 0) {
      c.put("sliding_window", slidingWindow);
      if (modelType.equals("qwen2")) {
        c.put("use_sliding_window", true);
      }
    } else if (modelType.equals("mistral")) {
      c.putNull("sliding_window");
    }
    c.put("torch_dtype", "float32");
    return c;
  }

}
