package dev.opsmind.inference.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.inference.model.ModelDirectory;
import dev.opsmind.inference.model.TensorDType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes a complete random-initialised Hugging Face checkpoint directory of a given shape:
 * config.json, generation_config.json, safetensors weights (sharded with an index when asked),
 * a real byte-level BPE tokenizer.json and tokenizer_config.json with the family's chat template.
 * Same shape + seed → the same values, whatever the dtype or number of shards.
 */
public final class RandomCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param std standard deviation of matrix and bias values (norm weights are 1 + std·N(0,1))
   * @param dtype how values are stored
   * @param roundTo values are rounded through this dtype first (F32 = no rounding); lets a test
   *     write an F32 file holding exactly the values of an F16/BF16 one
   * @param shards number of safetensors files (more than one adds model.safetensors.index.json)
   */
  public record Options(long seed, double std, TensorDType dtype, TensorDType roundTo, int shards) {
    public Options {
      if (!(std > 0)) {
        throw new IllegalArgumentException("std must be > 0, got " + std);
      }
      if (shards < 1) {
        throw new IllegalArgumentException("shards must be >= 1, got " + shards);
      }
    }

    public static Options defaults(long seed) {
      return new Options(seed, 0.02, TensorDType.F32, TensorDType.F32, 1);
    }

    public Options withDtype(TensorDType d) {
      return new Options(seed, std, d, roundTo, shards);
    }

    public Options withRoundTo(TensorDType d) {
      return new Options(seed, std, dtype, d, shards);
    }

    public Options withShards(int n) {
      return new Options(seed, std, dtype, roundTo, n);
    }

    public Options withStd(double s) {
      return new Options(seed, s, dtype, roundTo, shards);
    }
  }

  private RandomCheckpoint() {}

  /** Writes the whole directory; {@code progress} gets one line per file. */
  public static void write(Path dir, DecoderConfig config, Options options, Consumer<String> progress) {
    try {
      Files.createDirectories(dir);
      progress.accept("writing tokenizer.json (byte-level BPE, up to " + config.vocabSize() + " tokens)");
      TokenizerJsonWriter.Written tokenizer = TokenizerJsonWriter.write(dir, config.modelType(), config.vocabSize());
      TokenizerConfigWriter.write(dir, tokenizer.specials());
      JSON.writeValue(dir.resolve(ModelDirectory.CONFIG).toFile(), withTokenIds(config.toJson(), tokenizer, options));
      JSON.writeValue(dir.resolve("generation_config.json").toFile(), generationConfig(tokenizer));
      writeWeights(dir, config, options, progress);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
    }
  }

  private static ObjectNode withTokenIds(ObjectNode config, TokenizerJsonWriter.Written tokenizer, Options options) {
    if (tokenizer.bosId() != null) {
      config.put("bos_token_id", tokenizer.bosId());
    }
    config.put("eos_token_id", tokenizer.eosId());
    config.put("torch_dtype", switch (options.dtype()) {
      case F32 -> "float32";
      case F16 -> "float16";
      case BF16 -> "bfloat16";
    });
    return config;
  }

  private static ObjectNode generationConfig(TokenizerJsonWriter.Written tokenizer) {
    ObjectNode g = JSON.createObjectNode();
    if (tokenizer.bosId() != null) {
      g.put("bos_token_id", tokenizer.bosId());
    }
    g.put("eos_token_id", tokenizer.eosId());
    g.put("do_sample", true);
    g.put("temperature", 0.7);
    g.put("top_p", 0.8);
    return g;
  }

  private static void writeWeights(Path dir, DecoderConfig config, Options options, Consumer<String> progress)
      throws IOException {
    List<SafetensorsWriter.Entry> entries = tensors(config, options);
    int shards = Math.min(options.shards(), entries.size());
    if (shards == 1) {
      progress.accept("writing model.safetensors (" + entries.size() + " tensors, " + options.dtype() + ")");
      SafetensorsWriter.write(dir.resolve("model.safetensors"), entries, options.dtype());
      return;
    }
    long total = 0;
    for (SafetensorsWriter.Entry e : entries) {
      total += e.elements() * options.dtype().bytes();
    }
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode map = index.putObject("weight_map");
    int per = (entries.size() + shards - 1) / shards;
    for (int s = 0; s < shards; s++) {
      List<SafetensorsWriter.Entry> part = entries.subList(s * per, Math.min(entries.size(), (s + 1) * per));
      String name = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
      progress.accept("writing " + name + " (" + part.size() + " tensors, " + options.dtype() + ")");
      SafetensorsWriter.write(dir.resolve(name), part, options.dtype());
      part.forEach(e -> map.put(e.name(), name));
    }
    JSON.writeValue(dir.resolve(ModelDirectory.INDEX).toFile(), index);
  }

  /** Every tensor of the architecture (no lm_head when embeddings are tied), with its values. */
  public static List<SafetensorsWriter.Entry> tensors(DecoderConfig c, Options o) {
    List<SafetensorsWriter.Entry> out = new ArrayList<>();
    long h = c.hiddenSize();
    out.add(matrix("model.embed_tokens.weight", o, c.vocabSize(), h));
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      out.add(norm(p + "input_layernorm.weight", o, h));
      out.add(matrix(p + "self_attn.q_proj.weight", o, c.queryDim(), h));
      out.add(matrix(p + "self_attn.k_proj.weight", o, c.kvDim(), h));
      out.add(matrix(p + "self_attn.v_proj.weight", o, c.kvDim(), h));
      if (c.attentionBias()) {
        out.add(matrix(p + "self_attn.q_proj.bias", o, c.queryDim()));
        out.add(matrix(p + "self_attn.k_proj.bias", o, c.kvDim()));
        out.add(matrix(p + "self_attn.v_proj.bias", o, c.kvDim()));
      }
      out.add(matrix(p + "self_attn.o_proj.weight", o, h, c.queryDim()));
      if (c.attentionBias() && !c.modelType().equals("qwen2")) {
        out.add(matrix(p + "self_attn.o_proj.bias", o, h));
      }
      out.add(norm(p + "post_attention_layernorm.weight", o, h));
      out.add(matrix(p + "mlp.gate_proj.weight", o, c.intermediateSize(), h));
      out.add(matrix(p + "mlp.up_proj.weight", o, c.intermediateSize(), h));
      out.add(matrix(p + "mlp.down_proj.weight", o, h, c.intermediateSize()));
    }
    out.add(norm("model.norm.weight", o, h));
    if (!c.tieWordEmbeddings()) {
      out.add(matrix("lm_head.weight", o, c.vocabSize(), h));
    }
    return out;
  }

  private static SafetensorsWriter.Entry matrix(String name, Options o, long... shape) {
    return new SafetensorsWriter.Entry(name, shape, gaussian(name, o, 0.0, o.std()));
  }

  private static SafetensorsWriter.Entry norm(String name, Options o, long... shape) {
    return new SafetensorsWriter.Entry(name, shape, gaussian(name, o, 1.0, o.std()));
  }

  /** mean + std·N(0,1), from a generator seeded by (seed, tensor name). */
  private static SafetensorsWriter.Values gaussian(String name, Options o, double mean, double std) {
    SplittableRandom random = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + name.hashCode());
    return (chunk, count) -> {
      for (int i = 0; i < count; i++) {
        chunk[i] = SafetensorsWriter.roundTo((float) (mean + std * random.nextGaussian()), o.roundTo());
      }
    };
  }
}
