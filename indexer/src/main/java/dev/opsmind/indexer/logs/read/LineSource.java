package dev.opsmind.indexer.logs.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;

/**
 * Lines of one input, streaming, in bounded memory: the encoding is sniffed from the first 64 KiB
 * ({@link CharsetSniffer}), CR, LF and CRLF end lines, and a line longer than {@code maxChars}
 * keeps its first {@code maxChars} characters (the rest is skipped, {@link #truncated()} counts it).
 */
public final class LineSource implements Closeable {
  public static final int DEFAULT_MAX_CHARS = 64 * 1024;

  private final Reader reader;
  private final Charset charset;
  private final int maxChars;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long lineNumber;
  private long truncated;
  private long chars;
  private boolean pendingCr;

  public LineSource(String name, InputStream in) throws IOException {
    this(name, in, DEFAULT_MAX_CHARS);
  }

  public LineSource(String name, InputStream in, int maxChars) throws IOException {
    PushbackInputStream pin = new PushbackInputStream(in, CharsetSniffer.PROBE);
    byte[] head = pin.readNBytes(CharsetSniffer.PROBE);
    pin.unread(head);
    this.charset = CharsetSniffer.sniff(name, head, head.length);
    int skip = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf ? 3 : 0;
    pin.skipNBytes(skip);
    this.reader = new InputStreamReader(pin, charset);
    this.maxChars = maxChars;
  }

  public Charset charset() {
    return charset;
  }

  /** The number of the line {@link #next()} returned last (1-based). */
  public long lineNumber() {
    return lineNumber;
  }

  public long truncated() {
    return truncated;
  }

  /** Characters read so far (for progress). */
  public long chars() {
    return chars;
  }

  /** The next line without its terminator, or null at the end. */
  public String next() throws IOException {
    StringBuilder line = null;
    boolean cut = false;
    while (true) {
      if (pos == len) {
        len = reader.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          if (line == null) return null;
          break;
        }
        chars += len;
      }
      if (pendingCr) {
        pendingCr = false;
        if (buf[pos] == '\n') pos++;
        continue;
      }
      int start = pos;
      while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') pos++;
      if (line == null) line = new StringBuilder(Math.min(256, maxChars));
      int room = maxChars - line.length();
      if (room > 0) line.append(buf, start, Math.min(pos - start, room));
      if (pos - start > room) cut = true;
      if (pos < len) {
        if (buf[pos] == '\r') pendingCr = true;
        pos++;
        break;
      }
    }
    if (cut) truncated++;
    lineNumber++;
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
