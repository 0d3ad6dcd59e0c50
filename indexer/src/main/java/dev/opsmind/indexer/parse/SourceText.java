package dev.opsmind.indexer.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Strict text decoding shared by the text formats: binary or non-UTF-8 content is refused. */
public final class SourceText {
  private static final int BINARY_PROBE = 8192;

  private SourceText() {}

  /** Decodes UTF-8 (a BOM is dropped, CRLF becomes LF); NUL bytes or invalid UTF-8 are refused. */
  public static String decode(String sourcePath, byte[] bytes) {
    int probe = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        throw new BadSourceException(sourcePath, "binary content (NUL byte at offset " + i + ")");
      }
    }
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      CharBuffer text = decoder.decode(in);
      return text.toString().replace("\r\n", "\n").replace('\r', '\n');
    } catch (MalformedInputException e) {
      throw new BadSourceException(sourcePath, "invalid UTF-8 at byte " + in.position(), e);
    } catch (CharacterCodingException e) {
      throw new BadSourceException(sourcePath, "invalid UTF-8: " + e.getMessage(), e);
    }
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
