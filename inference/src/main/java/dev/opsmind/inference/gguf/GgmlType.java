package dev.opsmind.inference.gguf;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ggml tensor types as llama.cpp numbers them. Every type's block is {@link #blockSize()}
 * elements stored in {@link #blockBytes()} bytes; the supported ones can be dequantized by
 * {@link Dequantize}. The others are listed so that a file using one is refused by name.
 */
public enum GgmlType {
  F32(0, 1, 4, true),
  F16(1, 1, 2, true),
  Q4_0(2, 32, 18, true),
  Q4_1(3, 32, 20, false),
  Q5_0(6, 32, 22, false),
  Q5_1(7, 32, 24, false),
  Q8_0(8, 32, 34, true),
  Q8_1(9, 32, 36, false),
  Q2_K(10, 256, 84, false),
  Q3_K(11, 256, 110, false),
  Q4_K(12, 256, 144, true),
  Q5_K(13, 256, 176, false),
  Q6_K(14, 256, 210, true),
  Q8_K(15, 256, 292, false),
  IQ2_XXS(16, 256, 66, false),
  IQ2_XS(17, 256, 74, false),
  IQ3_XXS(18, 256, 98, false),
  IQ1_S(19, 256, 50, false),
  IQ4_NL(20, 32, 18, false),
  IQ3_S(21, 256, 110, false),
  IQ2_S(22, 256, 82, false),
  IQ4_XS(23, 256, 136, false),
  I8(24, 1, 1, false),
  I16(25, 1, 2, false),
  I32(26, 1, 4, false),
  I64(27, 1, 8, false),
  F64(28, 1, 8, false),
  IQ1_M(29, 256, 56, false),
  BF16(30, 1, 2, true);

  private final int id;
  private final int blockSize;
  private final int blockBytes;
  private final boolean supported;

  GgmlType(int id, int blockSize, int blockBytes, boolean supported) {
    this.id = id;
    this.blockSize = blockSize;
    this.blockBytes = blockBytes;
    this.supported = supported;
  }

  public int id() {
    return id;
  }

  /** Elements per block (1 for plain floats). */
  public int blockSize() {
    return blockSize;
  }

  /** Bytes per block. */
  public int blockBytes() {
    return blockBytes;
  }

  /** True when opsmind reads this type. */
  public boolean supported() {
    return supported;
  }

  /** True for the block-quantized types (scales per block), false for plain floats. */
  public boolean quantized() {
    return blockSize > 1;
  }

  /** Bytes of {@code elements} values; elements must be a whole number of blocks. */
  public long bytes(long elements) {
    return elements / blockSize * blockBytes;
  }

  public static List<GgmlType> supportedTypes() {
    return Arrays.stream(values()).filter(GgmlType::supported).toList();
  }

  /** The type numbered {@code id}, or null when ggml has no such type. */
  public static GgmlType byId(long id) {
    for (GgmlType t : values()) {
      if (t.id == id) {
        return t;
      }
    }
    return null;
  }

  static String supportedNames() {
    return supportedTypes().stream().map(Enum::name).collect(Collectors.joining(", "));
  }
}
