package dev.opsmind.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a .safetensors file: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw data. The header is validated completely
 * when the file is opened (dtype, shape, ranges inside the file), so a corrupt or truncated file
 * fails here with the file and tensor named, not later inside native code.
 *
 * <p>Tensor data is memory-mapped one tensor at a time (each window is one tensor, so files of
 * any size work) and copied out; nothing holds the whole file in the Java heap.
 */
public final class SafetensorsReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;

  private SafetensorsReader(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
  }

  public static SafetensorsReader open(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new ModelFormatException("cannot open " + file + ": " + e, e);
    }
    try {
      long size = channel.size();
      if (size < 8) {
        throw new ModelFormatException(file + " is not a safetensors file: " + size + " bytes, shorter than its header length");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, len, 0);
      long headerLength = len.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw new ModelFormatException(file + " is not a valid safetensors file: header length " + headerLength
            + " does not fit the file (" + size + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(channel, header, 8);
      long dataStart = 8 + headerLength;
      Map<String, TensorInfo> tensors = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8),
          size - dataStart);
      return new SafetensorsReader(file, channel, dataStart, tensors);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ModelFormatException("cannot read " + file + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static Map<String, TensorInfo> parseHeader(Path file, String text, long dataSize) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new ModelFormatException(file + " has a corrupt safetensors header (not JSON): " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(file + " has a corrupt safetensors header: not a JSON object");
    }
    Map<String, TensorInfo> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      JsonNode shapeNode = t.get("shape");
      JsonNode offsets = t.get("data_offsets");
      if (!t.hasNonNull("dtype") || shapeNode == null || !shapeNode.isArray() || offsets == null
          || !offsets.isArray() || offsets.size() != 2) {
        throw new ModelFormatException(file + ": header entry for tensor " + name
            + " needs dtype, shape and data_offsets [begin, end]");
      }
      TensorDType dtype = TensorDType.parse(t.get("dtype").asText(), name, file);
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong(-1);
        if (shape[i] < 0) {
          throw new ModelFormatException(file + ": tensor " + name + " has an invalid shape " + shapeNode);
        }
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      TensorInfo info = new TensorInfo(file, name, dtype, shape, begin, end);
      if (begin < 0 || end < begin) {
        throw new ModelFormatException(file + ": tensor " + name + " has invalid data_offsets " + offsets);
      }
      if (end - begin != info.elements() * dtype.bytes()) {
        throw new ModelFormatException(file + ": tensor " + name + " of shape " + info.shapeText() + " " + dtype
            + " needs " + info.elements() * dtype.bytes() + " bytes but data_offsets give " + (end - begin));
      }
      if (end > dataSize) {
        throw new ModelFormatException(file + " is truncated: tensor " + name + " ends at data byte " + end
            + " but the file holds only " + dataSize + " data bytes");
      }
      out.put(name, info);
    }
    return out;
  }

  public Path file() {
    return file;
  }

  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /**
   * The tensor's values as F32 in a native-order direct buffer: the mapped file window itself for
   * F32 data (valid until this reader is closed), or a new buffer holding the widened F16/BF16
   * values.
   */
  public ByteBuffer readF32(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new ModelFormatException(file + " has no tensor " + name);
    }
    long bytes = info.end() - info.begin();
    long f32Bytes = info.elements() * 4;
    if (f32Bytes > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(file + ": tensor " + name + " " + info.shapeText()
          + " is larger than 2 GB as F32, which one buffer cannot hold");
    }
    MappedByteBuffer window;
    try {
      window = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), bytes);
    } catch (IOException e) {
      throw new ModelFormatException("cannot map tensor " + name + " of " + file + ": " + e, e);
    }
    window.order(ByteOrder.LITTLE_ENDIAN);
    if (info.dtype() == TensorDType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      return window;
    }
    ByteBuffer out = ByteBuffer.allocateDirect((int) f32Bytes).order(ByteOrder.nativeOrder());
    FloatBuffer dst = out.asFloatBuffer();
    int n = (int) info.elements();
    switch (info.dtype()) {
      case F32 -> {
        for (int i = 0; i < n; i++) {
          dst.put(i, window.getFloat(i * 4));
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          dst.put(i, Float.float16ToFloat(window.getShort(i * 2)));
        }
      }
      case BF16 -> {
        // bfloat16 is the upper half of a float32 (DJL's PyTorch engine crashes on BF16 arrays).
        for (int i = 0; i < n; i++) {
          dst.put(i, Float.intBitsToFloat((window.getShort(i * 2) & 0xffff) << 16));
        }
      }
    }
    return out;
  }

  /**
   * The tensor's bytes as stored, a read-only mapping of the file (little-endian). The mapping
   * stays valid after this reader is closed, until the buffer is collected.
   */
  public ByteBuffer map(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new ModelFormatException(file + " has no tensor " + name);
    }
    long bytes = info.end() - info.begin();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(file + ": tensor " + name + " " + info.shapeText() + " has " + bytes
          + " bytes, more than one buffer holds");
    }
    try {
      return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), bytes).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new ModelFormatException("cannot map tensor " + name + " of " + file + ": " + e, e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // already failing with a clearer error
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }
}
