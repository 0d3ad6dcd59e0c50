package dev.opsmind.inference.tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Turns a stream of token ids into text deltas without ever emitting half a character: a
 * byte-level token may end inside a multi-byte UTF-8 sequence (Chinese, emoji), so trailing
 * incomplete bytes are held back until the next token completes them. Bytes that can never form
 * a character come out as U+FFFD, as the tokenizers library's own decode does.
 */
public final class Detokenizer {
  private final IntFunction<byte[]> tokenBytes;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer pending = ByteBuffer.allocate(16);

  public Detokenizer(TextTokenizer tokenizer) {
    this(tokenizer::tokenBytes);
  }

  /** For any token → bytes mapping (tests feed hand-made byte splits). */
  public Detokenizer(IntFunction<byte[]> tokenBytes) {
    this.tokenBytes = tokenBytes;
  }

  /** The text that token {@code id} completes; empty while a character is still incomplete. */
  public String next(int id) {
    return nextBytes(tokenBytes.apply(id));
  }

  String nextBytes(byte[] bytes) {
    if (pending.remaining() < bytes.length) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + bytes.length));
      pending.flip();
      bigger.put(pending);
      pending = bigger;
    }
    pending.put(bytes);
    pending.flip();
    CharBuffer out = CharBuffer.allocate(pending.remaining() + 1);
    CoderResult r = utf8.decode(pending, out, false);
    if (r.isOverflow()) {
      throw new IllegalStateException("UTF-8 decode overflow");
    }
    pending.compact();
    out.flip();
    return out.toString();
  }

  /** Whatever is still held back, with incomplete bytes as U+FFFD; call once at the end. */
  public String flush() {
    pending.flip();
    CharBuffer out = CharBuffer.allocate(pending.remaining() + 1);
    utf8.decode(pending, out, true);
    utf8.flush(out);
    utf8.reset();
    pending.clear();
    out.flip();
    return out.toString();
  }

  /** Number of bytes held back waiting for the rest of a character. */
  public int pendingBytes() {
    return pending.position();
  }
}
