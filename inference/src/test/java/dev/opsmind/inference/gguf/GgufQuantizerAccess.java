package dev.opsmind.inference.gguf;

/** Package-private parts of {@link GgufQuantizer} for tests in other packages. */
public final class GgufQuantizerAccess {
  private GgufQuantizerAccess() {}

  public static boolean moreBits(int layer, int layers) {
    return GgufQuantizer.moreBits(layer, layers);
  }
}
