package dev.opsmind.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes GGUF version 3 files: metadata, then tensors whose bytes are produced one at a time
 * while writing (so a model is never held whole). Used by {@code models quantize} and by tests
 * that need files of every type. The file is written under a temporary name and moved into place.
 */
public final class GgufWriter {
  private record Entry(String name, GgmlType type, long[] dims, long bytes, Supplier<ByteBuffer> data) {}

  private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
  private final List<Entry> tensors = new ArrayList<>();
  private final int alignment;

  public GgufWriter() {
    this(GgufFile.DEFAULT_ALIGNMENT);
  }

  public GgufWriter(int alignment) {
    this.alignment = alignment;
    if (alignment != GgufFile.DEFAULT_ALIGNMENT) {
      metadata.put("general.alignment", GgufValue.uint32(alignment));
    }
  }

  public GgufWriter put(String key, GgufValue value) {
    metadata.put(key, value);
    return this;
  }

  public GgufWriter putAll(Map<String, GgufValue> values) {
    values.forEach(this::put);
    return this;
  }

  /**
   * A tensor of PyTorch-order {@code shape} whose encoded bytes {@code data} supplies when the
   * file is written (exactly {@code type.bytes(elements)} of them).
   */
  public GgufWriter tensor(String name, GgmlType type, long[] shape, Supplier<ByteBuffer> data) {
    long[] dims = new long[shape.length];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[shape.length - 1 - i];
      elements *= shape[i];
    }
    if (dims[0] % type.blockSize() != 0) {
      throw new IllegalArgumentException("tensor " + name + ": rows of " + dims[0] + " values are not whole " + type
          + " blocks of " + type.blockSize());
    }
    tensors.add(new Entry(name, type, dims, type.bytes(elements), data));
    return this;
  }

  /** A tensor given as F32 values, encoded to {@code type} when written. */
  public GgufWriter tensor(String name, GgmlType type, long[] shape, float[] values) {
    return tensor(name, type, shape, () -> Quantize.encode(type, values, 0, values.length));
  }

  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      Out out = new Out(ch);
      out.i32(GgufFile.MAGIC);
      out.i32(3);
      out.i64(tensors.size());
      out.i64(metadata.size());
      for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
        out.string(e.getKey());
        out.i32(e.getValue().type().ordinal());
        value(out, e.getValue());
      }
      long offset = 0;
      for (Entry t : tensors) {
        out.string(t.name());
        out.i32(t.dims().length);
        for (long d : t.dims()) {
          out.i64(d);
        }
        out.i32(t.type().id());
        out.i64(offset);
        offset = GgufFile.align(offset + t.bytes(), alignment);
      }
      out.pad(alignment);
      for (Entry t : tensors) {
        ByteBuffer data = t.data().get();
        if (data.remaining() != t.bytes()) {
          throw new IllegalStateException("tensor " + t.name() + " supplied " + data.remaining() + " bytes, expected "
              + t.bytes());
        }
        out.flush();
        while (data.hasRemaining()) {
          ch.write(data);
        }
        out.pad(alignment);
      }
      out.flush();
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void value(Out out, GgufValue v) throws IOException {
    if (v.type() != GgufValue.Type.ARRAY) {
      scalar(out, v.type(), v.value());
      return;
    }
    array(out, v);
  }

  private static void array(Out out, GgufValue v) throws IOException {
    out.i32(v.elementType().ordinal());
    out.i64(v.length());
    switch (v.value()) {
      case long[] a -> {
        for (long x : a) {
          scalar(out, v.elementType(), x);
        }
      }
      case float[] a -> {
        for (float x : a) {
          out.f32(x);
        }
      }
      case double[] a -> {
        for (double x : a) {
          out.f64(x);
        }
      }
      case boolean[] a -> {
        for (boolean x : a) {
          out.u8(x ? 1 : 0);
        }
      }
      case List<?> list -> {
        for (Object x : list) {
          if (x instanceof GgufValue nested) {
            array(out, nested);
          } else {
            scalar(out, v.elementType(), x);
          }
        }
      }
      default -> throw new IllegalArgumentException("not an array value: " + v);
    }
  }

  private static void scalar(Out out, GgufValue.Type type, Object x) throws IOException {
    switch (type) {
      case UINT8, INT8 -> out.u8((int) (long) (Long) x);
      case UINT16, INT16 -> out.i16((short) (long) (Long) x);
      case UINT32, INT32 -> out.i32((int) (long) (Long) x);
      case UINT64, INT64 -> out.i64((Long) x);
      case FLOAT32 -> out.f32(((Number) x).floatValue());
      case FLOAT64 -> out.f64(((Number) x).doubleValue());
      case BOOL -> out.u8((Boolean) x ? 1 : 0);
      case STRING -> out.string((String) x);
      case ARRAY -> throw new IllegalArgumentException("nested arrays go through array()");
    }
  }

  /** Buffered little-endian output that tracks the file position for padding. */
  private static final class Out {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    Out(FileChannel ch) {
      this.ch = ch;
    }

    private ByteBuffer room(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
      return buf;
    }

    void u8(int v) throws IOException {
      room(1).put((byte) v);
    }

    void i16(short v) throws IOException {
      room(2).putShort(v);
    }

    void i32(int v) throws IOException {
      room(4).putInt(v);
    }

    void i64(long v) throws IOException {
      room(8).putLong(v);
    }

    void f32(float v) throws IOException {
      room(4).putFloat(v);
    }

    void f64(double v) throws IOException {
      room(8).putDouble(v);
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i64(b.length);
      for (int i = 0; i < b.length; ) {
        int n = Math.min(b.length - i, room(1).remaining());
        buf.put(b, i, n);
        i += n;
      }
    }

    void pad(int alignment) throws IOException {
      flush();
      long pos = ch.position();
      long target = GgufFile.align(pos, alignment);
      if (target > pos) {
        ByteBuffer zeros = ByteBuffer.allocate((int) (target - pos));
        while (zeros.hasRemaining()) {
          ch.write(zeros);
        }
      }
    }

    void flush() throws IOException {
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }
  }
}
