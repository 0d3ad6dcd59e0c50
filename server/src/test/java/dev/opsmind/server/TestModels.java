package dev.opsmind.server;

import dev.opsmind.inference.model.ModelShapes;
import dev.opsmind.inference.model.RandomCheckpoint;
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
}
