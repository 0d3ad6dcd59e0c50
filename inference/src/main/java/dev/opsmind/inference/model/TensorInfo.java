package dev.opsmind.inference.model;

import java.nio.file.Path;
import java.util.Arrays;

/** Where one tensor lies in a safetensors file: byte range relative to the start of the data. */
public record TensorInfo(Path file, String name, TensorDType dtype, long[] shape, long begin, long end) {
  public long elements() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public String shapeText() {
    return Arrays.toString(shape);
  }
}
