package dev.opsmind.server;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.model.DecoderConfig;
import java.nio.file.Path;

/** Tiny random checkpoints for server tests, written by the product's own RandomCheckpoint. */
public final class TestModels {
  private TestModels() {}

  /** A tiny Qwen2-shaped checkpoint (ChatML template, byte-level BPE) in {@code parent/tiny-qwen2}. */
  public static Path tinyQwen2(Path parent) {
    Path dir = parent.resolve("tiny-qwen2");
    RandomCheckpoint.write(dir, ModelShapes.get("tiny-qwen2"), RandomCheckpoint.Options.defaults(7), line -> {});
    return dir;
  }

  /**
   * The same shape with a longer context, in {@code parent/tiny-qwen2-long}: prompts that show the
   * model its tools (Qwen2.5's template) take 500+ tokens of the tiny byte-level vocabulary.
   */
  public static Path tinyQwen2Long(Path parent) {
    Path dir = parent.resolve("tiny-qwen2-long");
    DecoderConfig c = ModelShapes.get("tiny-qwen2");
    RandomCheckpoint.write(dir, new DecoderConfig(c.modelType(), c.vocabSize(), c.hiddenSize(), c.numLayers(),
        c.numHeads(), c.numKvHeads(), c.headDim(), c.intermediateSize(), c.ropeTheta(), c.ropeScaling(), c.rmsNormEps(),
        2048, c.tieWordEmbeddings(), c.attentionBias(), c.slidingWindow()), RandomCheckpoint.Options.defaults(7), line -> {});
    return dir;
  }
}
