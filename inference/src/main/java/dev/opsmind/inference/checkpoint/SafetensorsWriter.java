package dev.opsmind.inference.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.model.TensorDType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a .safetensors file, streaming each tensor's values in chunks so checkpoints of any
 * size are written without holding a tensor in memory.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 1 << 20;

  /** Produces a tensor's values in order, {@code count} at a time, into {@code chunk}. */
  @FunctionalInterface
  public interface Values {
    void fill(float[] chunk, int count);
  }

  /** One tensor to write. */
  public record Entry(String name, long[] shape, Values values) {
    long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private SafetensorsWriter() {}

  public static void write(Path file, List<Entry> entries, TensorDType dtype) {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Entry e : entries) {
      ObjectNode t = header.putObject(e.name());
      t.put("dtype", dtype.name());
      var shape = t.putArray("shape");
      for (long d : e.shape()) {
        shape.add(d);
      }
      long bytes = e.elements() * dtype.bytes();
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(header);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The data should start 8-byte aligned; the format allows trailing spaces in the header.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(out, head);
      float[] chunk = new float[CHUNK];
      ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry e : entries) {
        long left = e.elements();
        while (left > 0) {
          int n = (int) Math.min(CHUNK, left);
          e.values().fill(chunk, n);
          buf.clear();
          for (int i = 0; i < n; i++) {
            switch (dtype) {
              case F32 -> buf.putFloat(chunk[i]);
              case F16 -> buf.putShort(Float.floatToFloat16(chunk[i]));
              case BF16 -> buf.putShort(toBf16(chunk[i]));
            }
          }
          buf.flip();
          writeFully(out, buf);
          left -= n;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** float → bfloat16 bits, rounding to nearest even (as PyTorch does). */
  static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = ((bits >>> 16) & 1) + 0x7fff;
    return (short) ((bits + rounding) >>> 16);
  }

  /** The value a float has after a round trip through {@code dtype}. */
  public static float roundTo(float f, TensorDType dtype) {
    return switch (dtype) {
      case F32 -> f;
      case F16 -> Float.float16ToFloat(Float.floatToFloat16(f));
      case BF16 -> Float.intBitsToFloat((toBf16(f) & 0xffff) << 16);
    };
  }

  private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

}
