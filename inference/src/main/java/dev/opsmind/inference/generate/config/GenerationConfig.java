package dev.opsmind.inference.generate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A checkpoint's generation_config.json: its EOS ids (an int or a list) and its recommended
 * sampling defaults. Absent file → no EOS ids and the library defaults.
 */
public record GenerationConfig(Set<Integer> eosTokenIds, Integer bosTokenId, SamplingParams defaults) {

  public static GenerationConfig load(Path modelDir) {
    if (isGguf(modelDir)) {
      // a GGUF file: EOS (and llama.cpp's end-of-turn id, which also ends generation) and BOS from
      // tokenizer.ggml.*, library sampling defaults
      try (dev.opsmind.inference.gguf.GgufFile f = dev.opsmind.inference.gguf.GgufFile.open(modelDir)) {
        Set<Integer> eos = new LinkedHashSet<>();
        for (String key : new String[] {"tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id"}) {
          long id = f.integer(key, -1);
          if (id >= 0) {
            eos.add((int) id);
          }
        }
        long bos = f.integer("tokenizer.ggml.bos_token_id", -1);
        return new GenerationConfig(Set.copyOf(eos), bos < 0 ? null : (int) bos, SamplingParams.defaults());
      }
    }
    Path file = modelDir.resolve("generation_config.json");
    if (!Files.isRegularFile(file)) {
      return new GenerationConfig(Set.of(), null, SamplingParams.defaults());
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    return parse(root, file.toString());
  }

  /**
   * Every id that ends generation for this checkpoint: generation_config.json's eos_token_id,
   * config.json's, and tokenizer_config.json's eos_token (e.g. Qwen's <|im_end|>), when present.
   */
  public static Set<Integer> eosIds(Path modelDir, dev.opsmind.inference.tokenizer.TextTokenizer tokenizer) {
    if (isGguf(modelDir)) {
      return load(modelDir).eosTokenIds();
    }
    Set<Integer> ids = new LinkedHashSet<>(load(modelDir).eosTokenIds());
    ObjectMapper json = new ObjectMapper();
    try {
      Path config = modelDir.resolve("config.json");
      if (Files.isRegularFile(config)) {
        JsonNode eos = json.readTree(config.toFile()).path("eos_token_id");
        ids.addAll(parse(json.createObjectNode().set("eos_token_id", eos), config.toString()).eosTokenIds());
      }
      Path tc = modelDir.resolve("tokenizer_config.json");
      if (Files.isRegularFile(tc)) {
        JsonNode eos = json.readTree(tc.toFile()).path("eos_token");
        String text = eos.isTextual() ? eos.asText() : eos.path("content").asText(null);
        if (text != null) {
          tokenizer.tokenId(text).ifPresent(ids::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the EOS ids of " + modelDir + ": " + e.getMessage(), e);
    }
    return Set.copyOf(ids);
  }

  private static boolean isGguf(Path path) {
    return path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")
        && Files.isRegularFile(path);
  }

  static GenerationConfig parse(JsonNode root, String source) {
    Set<Integer> eos = new LinkedHashSet<>();
    JsonNode e = root.path("eos_token_id");
    if (e.isInt()) {
      eos.add(e.asInt());
    } else if (e.isArray()) {
      for (JsonNode id : e) {
        if (!id.isInt()) {
          throw new IllegalArgumentException(source + ": eos_token_id list must hold integers, got " + id);
        }
        eos.add(id.asInt());
      }
    } else if (!e.isMissingNode() && !e.isNull()) {
      throw new IllegalArgumentException(source + ": eos_token_id must be an integer or a list, got " + e);
    }
    Integer bos = root.path("bos_token_id").isInt() ? root.path("bos_token_id").asInt() : null;
    SamplingParams d = SamplingParams.defaults();
    try {
      if (root.path("do_sample").isBoolean() && !root.path("do_sample").asBoolean()) {
        d = d.withTemperature(0);
      } else if (root.path("temperature").isNumber()) {
        d = d.withTemperature(root.path("temperature").asDouble());
      }
      if (root.path("top_p").isNumber()) {
        d = d.withTopP(root.path("top_p").asDouble());
      }
      if (root.path("top_k").isInt()) {
        d = d.withTopK(root.path("top_k").asInt());
      }
      if (root.path("min_p").isNumber()) {
        d = d.withMinP(root.path("min_p").asDouble());
      }
      if (root.path("repetition_penalty").isNumber()) {
        d = d.withPenalties(root.path("repetition_penalty").asDouble(), 0, 0);
      }
      if (root.path("max_new_tokens").isInt()) {
        d = d.withMaxTokens(root.path("max_new_tokens").asInt());
      }
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
    }
    return new GenerationConfig(Set.copyOf(eos), bos, d);
  }
}
