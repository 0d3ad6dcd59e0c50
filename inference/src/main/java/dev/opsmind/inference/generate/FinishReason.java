package dev.opsmind.inference.generate;

/** Why a sequence ended, in OpenAI's words where they exist. */
public enum FinishReason {
  /** An EOS/stop token or a stop string. */
  STOP("stop"),
  /** max_tokens reached, or the model's context is full. */
  LENGTH("length"),
  /** The caller cancelled (client went away). */
  CANCELLED("cancelled");

  private final String openAiName;

  FinishReason(String openAiName) {
    this.openAiName = openAiName;
  }

  public String openAiName() {
    return openAiName;
  }
}
