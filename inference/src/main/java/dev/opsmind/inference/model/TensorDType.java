package dev.opsmind.inference.model;

import java.util.Arrays;

/** The safetensors element types a checkpoint may use; all are widened to F32 when loaded. */
public enum TensorDType {
  F32(4), F16(2), BF16(2);

  private final int bytes;

  TensorDType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  static TensorDType parse(String name, String tensor, Object file) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file + ": tensor " + tensor + " has dtype " + name + "; supported dtypes: "
          + Arrays.toString(values()));
    }
  }
}
