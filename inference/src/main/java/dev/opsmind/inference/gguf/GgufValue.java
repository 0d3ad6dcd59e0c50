package dev.opsmind.inference.gguf;

import java.util.List;

/**
 * One metadata value with its GGUF type. Integers of every width are held as {@code Long},
 * FLOAT32 as {@code Float}, FLOAT64 as {@code Double}; arrays of numbers as primitive arrays
 * ({@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]}) because vocabularies
 * hold hundreds of thousands of them, arrays of strings as {@code List<String>} and nested
 * arrays as {@code List<GgufValue>}.
 *
 * @param elementType the element type of an ARRAY, null otherwise
 */
public record GgufValue(Type type, Type elementType, Object value) {

  /** GGUF's metadata value types, numbered as in the file. */
  public enum Type {
    UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4), BOOL(1), STRING(8), ARRAY(12),
    UINT64(8), INT64(8), FLOAT64(8);

    /** Smallest encoded size, used to refuse element counts a file cannot hold. */
    final int minBytes;

    Type(int minBytes) {
      this.minBytes = minBytes;
    }

    boolean integer() {
      return switch (this) {
        case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
        default -> false;
      };
    }
  }

  public static GgufValue string(String s) {
    return new GgufValue(Type.STRING, null, s);
  }

  public static GgufValue uint32(long v) {
    return new GgufValue(Type.UINT32, null, v);
  }

  public static GgufValue int32(long v) {
    return new GgufValue(Type.INT32, null, v);
  }

  public static GgufValue float32(float v) {
    return new GgufValue(Type.FLOAT32, null, v);
  }

  public static GgufValue bool(boolean v) {
    return new GgufValue(Type.BOOL, null, v);
  }

  public static GgufValue strings(List<String> values) {
    return new GgufValue(Type.ARRAY, Type.STRING, List.copyOf(values));
  }

  public static GgufValue floats(float[] values) {
    return new GgufValue(Type.ARRAY, Type.FLOAT32, values);
  }

  /** An array of integers of {@code type} (e.g. INT32 token types). */
  public static GgufValue integers(Type type, long[] values) {
    return new GgufValue(Type.ARRAY, type, values);
  }

  public boolean isArray() {
    return type == Type.ARRAY;
  }

  /** Number of elements of an array, 1 otherwise. */
  public int length() {
    return switch (value) {
      case long[] a -> a.length;
      case float[] a -> a.length;
      case double[] a -> a.length;
      case boolean[] a -> a.length;
      case List<?> l -> l.size();
      default -> 1;
    };
  }

  @Override
  public String toString() {
    return isArray() ? "array of " + length() + " " + elementType : type + " " + value;
  }
}
