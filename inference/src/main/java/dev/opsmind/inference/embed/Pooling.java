package dev.opsmind.inference.embed;

/** How one vector is drawn from the encoder's last hidden state. */
public enum Pooling {
  /** The [CLS] token's hidden state (BGE models). */
  CLS,
  /** The mean over the non-padding tokens (MiniLM, E5). */
  MEAN
}
