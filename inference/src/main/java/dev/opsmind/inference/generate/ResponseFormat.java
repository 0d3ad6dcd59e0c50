package dev.opsmind.inference.generate;

/** What shape the generated text must have: free text, or one JSON object (constrained decoding, {@link JsonConstraint}). */
public enum ResponseFormat {
  TEXT,
  JSON_OBJECT
}
