package dev.opsmind.inference.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tokenizer_config.json with the family's real chat template (Qwen2.5's ChatML, Llama 3.1's
 * header format), so random checkpoints render chats exactly as the real models do.
 */
public final class TokenizerConfigWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TokenizerConfigWriter() {}

  public static Path write(Path dir, SpecialTokens specials) {
    boolean llama = "<|begin_of_text|>".equals(specials.bos());
    ObjectNode root = JSON.createObjectNode();
    root.put("add_bos_token", false);
    if (specials.bos() == null) {
      root.putNull("bos_token");
    } else {
      root.put("bos_token", specials.bos());
    }
    root.put("eos_token", specials.eos());
    root.put("pad_token", specials.pad());
    root.put("clean_up_tokenization_spaces", false);
    root.put("model_max_length", 131072);
    root.put("tokenizer_class", llama ? "PreTrainedTokenizerFast" : "Qwen2Tokenizer");
    root.put("chat_template", template(llama ? "llama" : "qwen2"));
    Path file = dir.resolve("tokenizer_config.json");
    try {
      Files.createDirectories(dir);
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** The bundled template text for "qwen2" or "llama". */
  public static String template(String family) {
    String name = "/dev/opsmind/inference/checkpoint/templates/" + family + ".jinja";
    try (InputStream in = TokenizerConfigWriter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled chat template for " + family);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
