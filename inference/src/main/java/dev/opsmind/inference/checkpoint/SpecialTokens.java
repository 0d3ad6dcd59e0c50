package dev.opsmind.inference.checkpoint;

import java.util.List;

/**
 * The added special tokens of one model family, as its real tokenizer defines them: ChatML for
 * Qwen2, header/eot tokens for Llama 3. {@code bos} may be null (Qwen2 adds no BOS).
 */
public record SpecialTokens(List<String> tokens, String bos, String eos, String pad) {
  public SpecialTokens {
    tokens = List.copyOf(tokens);
    if (!tokens.contains(eos)) {
      throw new IllegalArgumentException("eos token " + eos + " is not among the special tokens " + tokens);
    }
  }

  /** The family's special tokens for a config.json model_type: "llama"/"mistral" → Llama 3, else ChatML. */
  public static SpecialTokens forModelType(String modelType) {
    return switch (modelType) {
      case "llama", "mistral" -> new SpecialTokens(
          List.of("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
              "<|eot_id|>", "<|eom_id|>", "<|python_tag|>"),
          "<|begin_of_text|>", "<|eot_id|>", "<|end_of_text|>");
      default -> new SpecialTokens(
          List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), null, "<|im_end|>", "<|endoftext|>");
    };
  }
}
