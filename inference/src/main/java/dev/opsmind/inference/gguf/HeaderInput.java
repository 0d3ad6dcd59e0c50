package dev.opsmind.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a GGUF header front to back through a memory-mapped window of the file (remapped when a
 * read runs past it, so headers of any size work and the tensor data is never touched). Every
 * length read from the file is checked against the bytes left before anything is allocated, so
 * a corrupt count is a {@link GgufFormatException}, not an OutOfMemoryError.
 */
final class HeaderInput {
  private static final int WINDOW = 16 << 20;
  /** Longest string accepted (an embedded tokenizer.json is a few MB). */
  static final long MAX_STRING = 256L << 20;

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private MappedByteBuffer window;
  private long windowStart;
  private long position;

  HeaderInput(Path file, FileChannel channel, long size) {
    this.file = file;
    this.channel = channel;
    this.size = size;
  }

  long position() {
    return position;
  }

  long remaining() {
    return size - position;
  }

  /** Makes n bytes at the position readable from the window, or says the file ends first. */
  private ByteBuffer need(long n, String what) {
    if (n > remaining()) {
      throw new GgufFormatException(file + " is truncated: " + what + " needs " + n + " bytes at offset " + position
          + " but the file ends at " + size);
    }
    if (window == null || position < windowStart || position + n > windowStart + window.capacity()) {
      long length = Math.min(Math.max(WINDOW, n), size - position);
      try {
        window = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
      } catch (IOException e) {
        throw new GgufFormatException("cannot map " + file + ": " + e.getMessage(), e);
      }
      window.order(ByteOrder.LITTLE_ENDIAN);
      windowStart = position;
    }
    int at = (int) (position - windowStart);
    position += n;
    return window.position(at);
  }

  int u8(String what) {
    return need(1, what).get() & 0xff;
  }

  int i32(String what) {
    return need(4, what).getInt();
  }

  long u32(String what) {
    return Integer.toUnsignedLong(need(4, what).getInt());
  }

  long i64(String what) {
    return need(8, what).getLong();
  }

  float f32(String what) {
    return need(4, what).getFloat();
  }

  double f64(String what) {
    return need(8, what).getDouble();
  }

  short i16(String what) {
    return need(2, what).getShort();
  }

  /** A count (u64) that must leave room for {@code count × minBytes} more bytes. */
  long count(String what, int minBytes) {
    long n = i64(what);
    if (n < 0 || (minBytes > 0 && n > remaining() / minBytes)) {
      throw new GgufFormatException(file + ": " + what + " is " + Long.toUnsignedString(n) + " at offset "
          + (position - 8) + ", more than the " + remaining() + " bytes left in the file can hold (truncated or corrupt)");
    }
    return n;
  }

  String string(String what) {
    long n = count(what + " length", 1);
    if (n > MAX_STRING) {
      throw new GgufFormatException(file + ": " + what + " is " + n + " bytes long (limit " + MAX_STRING + ")");
    }
    ByteBuffer b = need(n, what);
    byte[] bytes = new byte[(int) n];
    b.get(bytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      // Some vocabularies hold partial UTF-8 pieces; keep them readable rather than refuse the file.
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  void skipTo(long offset, String what) {
    if (offset > size) {
      throw new GgufFormatException(file + " is truncated: " + what + " starts at " + offset + " but the file ends at "
          + size);
    }
    position = offset;
  }
}
