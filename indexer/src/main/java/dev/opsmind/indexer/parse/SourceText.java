package dev.opsmind.indexer.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Text decoding shared by the text formats, for runbooks written on any desk: UTF-8 (with or
 * without a BOM) first, UTF-16 when a BOM says so, then GB18030 (GBK's superset, what Chinese
 * Windows editors save) when the bytes decode cleanly as it and read as Chinese, else Windows-1252
 * (Latin-1's superset, which decodes any byte). Binary content (a NUL byte, outside UTF-16) is
 * refused. A UTF-8 file that ends inside a character (a log cut while being written) is still
 * UTF-8. CRLF and CR become LF.
 */
public final class SourceText {
  private static final int BINARY_PROBE = 8192;
  private static final Charset GB18030 = Charset.forName("GB18030");
  private static final Charset GB2312 = Charset.forName("GB2312");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private SourceText() {}

  /** The text of {@code bytes} in the charset {@link #detect} finds; binary content is refused. */
  public static String decode(String sourcePath, byte[] bytes) {
    return normaliseLineEnds(read(sourcePath, bytes).text());
  }

  /**
   * The charset the text is in: UTF-8 or UTF-16 by BOM; else, with no NUL byte (binary content is
   * refused), UTF-8 when valid, GB18030 when it decodes cleanly to Chinese text, else Windows-1252.
   */
  public static Charset detect(String sourcePath, byte[] bytes) {
    return read(sourcePath, bytes).charset();
  }

  private record Decoded(Charset charset, String text) {}

  private static Decoded read(String sourcePath, byte[] bytes) {
    Charset bom = hasUtf8Bom(bytes) ? StandardCharsets.UTF_8
        : startsWith(bytes, 0xfe, 0xff) ? StandardCharsets.UTF_16BE
        : startsWith(bytes, 0xff, 0xfe) ? StandardCharsets.UTF_16LE : null;
    if (bom != null) {
      int skip = bom.equals(StandardCharsets.UTF_8) ? 3 : 2;
      ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
      try {
        return new Decoded(bom, strictDecoder(bom).decode(in).toString());
      } catch (CharacterCodingException e) {
        throw new BadSourceException(sourcePath, "invalid " + bom.displayName() + " after its byte order mark at byte "
            + in.position(), e);
      }
    }
    int probe = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        throw new BadSourceException(sourcePath, "binary content (NUL byte at offset " + i + ")");
      }
    }
    String utf8 = strict(StandardCharsets.UTF_8, bytes);
    if (utf8 != null) return new Decoded(StandardCharsets.UTF_8, utf8);
    int torn = tornUtf8Tail(bytes);
    if (torn > 0) {
      // A log cut while being written ends inside a character: still UTF-8, the torn one replaced.
      String head = strict(StandardCharsets.UTF_8, Arrays.copyOf(bytes, bytes.length - torn));
      if (head != null) return new Decoded(StandardCharsets.UTF_8, head + "\uFFFD");
    }
    String gb = strict(GB18030, bytes);
    if (gb != null && readsAsChinese(gb)) return new Decoded(GB18030, gb);
    // Windows-1252 decodes every byte but five unassigned ones, which become U+FFFD.
    return new Decoded(WINDOWS_1252, new String(bytes, WINDOWS_1252));
  }

  /**
   * Whether text decoded as GB18030 is Chinese rather than Latin-1 bytes that happened to pair up:
   * it holds CJK ideographs, and most of its non-ASCII characters are in GB2312 (the common
   * simplified characters and full-width punctuation, two bytes of 0xA1 and above each). A Latin-1
   * letter followed by an ASCII one pairs into a rare GBK character outside GB2312.
   */
  static boolean readsAsChinese(String text) {
    CharsetEncoder gb2312 = GB2312.newEncoder();
    int nonAscii = 0;
    int common = 0;
    int ideographs = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) continue;
      nonAscii++;
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) ideographs++;
      if (Character.isBmpCodePoint(cp) && gb2312.canEncode((char) cp)) common++;
    }
    return ideographs > 0 && common * 2 >= nonAscii;
  }

  private static CharsetDecoder strictDecoder(Charset charset) {
    return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static String strict(Charset charset, byte[] bytes) {
    try {
      return strictDecoder(charset).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** How many final bytes form the start of a UTF-8 sequence the file ends before completing (0: none). */
  private static int tornUtf8Tail(byte[] bytes) {
    int n = bytes.length;
    for (int k = 1; k <= Math.min(3, n); k++) {
      int b = bytes[n - k] & 0xff;
      if ((b & 0xc0) == 0x80) continue;
      int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return length > k ? k : 0;
    }
    return 0;
  }

  private static boolean startsWith(byte[] bytes, int first, int second) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == first && (bytes[1] & 0xff) == second;
  }

  private static boolean hasUtf8Bom(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
  }

  private static String normaliseLineEnds(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** The text's lines (a final newline does not start an empty line). */
  public static List<String> lines(String text) {
    List<String> lines = List.of(text.split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    return lines;
  }

  /** A file name without folders and its last extension(s): the fallback title. */
  public static String fileTitle(String sourcePath) {
    String name = sourcePath.substring(sourcePath.lastIndexOf('/') + 1);
    if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) name = name.substring(0, name.length() - 3);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
