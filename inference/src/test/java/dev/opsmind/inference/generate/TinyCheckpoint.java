package dev.opsmind.inference.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.inference.tokenizer.TokenizerConfigWriter;
import dev.opsmind.inference.tokenizer.TokenizerJsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny random-initialised Qwen2-shaped checkpoint (F32 safetensors, real byte-level BPE
 * tokenizer, ChatML template, generation_config) for end-to-end generation tests.
 */
final class TinyCheckpoint {
  private TinyCheckpoint() {}

  static Path write(Path dir, long seed) throws IOException {
    TokenizerJsonWriter.Written tok = TokenizerJsonWriter.write(dir, "qwen2", 512);
    TokenizerConfigWriter.write(dir, tok.specials());
    int vocab = tok.vocabSize();
    DecoderConfig c = new DecoderConfig("qwen2", vocab, 32, 2, 4, 2, 8, 64, 10000.0, null, 1e-6, 128, true, true, 0);
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = c.toJson();
    config.put("eos_token_id", tok.eosId());
    json.writeValue(dir.resolve("config.json").toFile(), config);
    ObjectNode gen = json.createObjectNode();
    gen.putArray("eos_token_id").add(tok.eosId()).add(tok.specialTokenIds().get("<|endoftext|>"));
    json.writeValue(dir.resolve("generation_config.json").toFile(), gen);

    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put("model.embed_tokens.weight", new int[] {vocab, 32});
    for (int i = 0; i < 2; i++) {
      String p = "model.layers." + i + ".";
      shapes.put(p + "input_layernorm.weight", new int[] {32});
      shapes.put(p + "self_attn.q_proj.weight", new int[] {32, 32});
      shapes.put(p + "self_attn.k_proj.weight", new int[] {16, 32});
      shapes.put(p + "self_attn.v_proj.weight", new int[] {16, 32});
      shapes.put(p + "self_attn.q_proj.bias", new int[] {32});
      shapes.put(p + "self_attn.k_proj.bias", new int[] {16});
      shapes.put(p + "self_attn.v_proj.bias", new int[] {16});
      shapes.put(p + "self_attn.o_proj.weight", new int[] {32, 32});
      shapes.put(p + "post_attention_layernorm.weight", new int[] {32});
      shapes.put(p + "mlp.gate_proj.weight", new int[] {64, 32});
      shapes.put(p + "mlp.up_proj.weight", new int[] {64, 32});
      shapes.put(p + "mlp.down_proj.weight", new int[] {32, 64});
    }
    shapes.put("model.norm.weight", new int[] {32});

    Random random = new Random(seed);
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      long n = 1;
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (int d : e.getValue()) {
        shape.add(d);
        n *= d;
      }
      t.putArray("data_offsets").add(offset).add(offset + n * 4);
      offset += n * 4;
    }
    byte[] h = json.writeValueAsBytes(header);
    int pad = (8 - h.length % 8) % 8;
    byte[] headerBytes = (new String(h, StandardCharsets.UTF_8) + " ".repeat(pad)).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
      out.write(headerBytes);
      for (Map.Entry<String, int[]> e : shapes.entrySet()) {
        int n = 1;
        for (int d : e.getValue()) {
          n *= d;
        }
        boolean norm = e.getKey().endsWith("norm.weight");
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          // Norm weights near 1; others scaled so logits are spread enough for distinct tokens.
          b.putFloat(norm ? 1f + 0.1f * (float) random.nextGaussian() : 0.3f * (float) random.nextGaussian());
        }
        out.write(b.array());
      }
    }
    return dir;
  }
}
