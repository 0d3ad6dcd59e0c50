package dev.opsmind.indexer.logs.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Picks a log's encoding from its first bytes: UTF-8 when they decode as UTF-8 (a BOM is fine),
 * else GBK when they decode as GBK and their high bytes come in pairs, else ISO-8859-1 (which decodes anything). Bytes with NULs or
 * many control characters are binary: {@link BinaryLogException}.
 */
public final class CharsetSniffer {
  public static final int PROBE = 64 * 1024;
  private static final Charset GBK = Charset.forName("GBK");

  private CharsetSniffer() {}

  public static Charset sniff(String name, byte[] head, int length) {
    int control = 0;
    for (int i = 0; i < length; i++) {
      int b = head[i] & 0xff;
      if (b == 0) throw new BinaryLogException(name, "NUL byte at offset " + i);
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b && b != '\f') control++;
    }
    if (length > 0 && control * 20 > length) {
      throw new BinaryLogException(name, control + " control bytes in the first " + length);
    }
    int cut = length;
    // do not judge a multi-byte character cut at the probe's end
    while (cut > 0 && length - cut < 3 && (head[cut - 1] & 0x80) != 0) cut--;
    if (decodes(StandardCharsets.UTF_8, head, cut)) return StandardCharsets.UTF_8;
    if (pairedHighBytes(head, cut) && decodes(GBK, head, cut)) return GBK;
    return StandardCharsets.ISO_8859_1;
  }

  /**
   * GBK writes Chinese as two high bytes; Latin-1 text has lone high bytes between ASCII letters
   * (which GBK would also decode, wrongly): GBK only when nearly every high byte has a high partner.
   */
  private static boolean pairedHighBytes(byte[] b, int length) {
    int pairs = 0;
    int single = 0;
    for (int i = 0; i < length; i++) {
      if ((b[i] & 0xff) < 0x81) continue;
      if (i + 1 < length && (b[i + 1] & 0xff) >= 0x81) {
        pairs++;
        i++;
      } else {
        single++;
      }
    }
    return pairs > 0 && single * 10 <= pairs;
  }

  private static boolean decodes(Charset cs, byte[] bytes, int length) {
    try {
      cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
