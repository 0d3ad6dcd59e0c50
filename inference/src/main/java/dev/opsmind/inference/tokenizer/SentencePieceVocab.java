package dev.opsmind.inference.tokenizer;

import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A SentencePiece-style vocabulary from GGUF metadata ({@code tokenizer.ggml.model = llama}:
 * tokens, scores, token types) and llama.cpp's SPM encoder over it: the text (a space prepended
 * when {@code add_space_prefix}, spaces written as ▁) starts as one symbol per character, the
 * adjacent pair whose joined piece has the highest score is merged until none is in the
 * vocabulary (ties: leftmost first), and a symbol that is no piece is split back along its merges
 * or, at the bottom, written as byte tokens {@code <0xNN>}. Control and user-defined tokens in
 * the text are matched first (longest first) and map to their ids.
 */
final class SentencePieceVocab {
  static final int NORMAL = 1;
  static final int UNKNOWN = 2;
  static final int CONTROL = 3;
  static final int USER_DEFINED = 4;
  static final int BYTE = 6;

  final List<String> tokens;
  final float[] scores;
  final int[] types;
  final Map<String, Integer> ids = new HashMap<>();
  final int bos;
  final int eos;
  final int unk;
  final boolean addBos;
  final boolean addEos;
  final boolean addSpacePrefix;
  private final int[] byteTokens = new int[256];
  private final List<Integer> specials = new ArrayList<>();

  SentencePieceVocab(GgufFile f) {
    @SuppressWarnings("unchecked")
    List<String> t = (List<String>) f.value("tokenizer.ggml.tokens").value();
    this.tokens = t;
    GgufValue s = f.value("tokenizer.ggml.scores");
    this.scores = s == null ? new float[t.size()] : (float[]) s.value();
    GgufValue ty = f.value("tokenizer.ggml.token_type");
    this.types = new int[t.size()];
    for (int i = 0; i < t.size(); i++) {
      types[i] = ty == null ? NORMAL : (int) ((long[]) ty.value())[i];
    }
    if (scores.length != t.size() || (ty != null && ty.length() != t.size())) {
      throw new IllegalArgumentException(f.path() + ": tokenizer.ggml.scores/token_type do not match the "
          + t.size() + " tokens");
    }
    for (int i = 0; i < t.size(); i++) {
      ids.putIfAbsent(t.get(i), i);
      if (types[i] == CONTROL || types[i] == USER_DEFINED || types[i] == UNKNOWN) {
        specials.add(i);
      }
    }
    specials.sort(Comparator.comparingInt((Integer i) -> -tokens.get(i).length()));
    this.unk = (int) f.integer("tokenizer.ggml.unknown_token_id", 0);
    this.bos = (int) f.integer("tokenizer.ggml.bos_token_id", 1);
    this.eos = (int) f.integer("tokenizer.ggml.eos_token_id", 2);
    this.addBos = f.bool("tokenizer.ggml.add_bos_token", true);
    this.addEos = f.bool("tokenizer.ggml.add_eos_token", false);
    this.addSpacePrefix = f.bool("tokenizer.ggml.add_space_prefix", true);
    for (int b = 0; b < 256; b++) {
      Integer id = ids.get(String.format("<0x%02X>", b));
      byteTokens[b] = id == null ? unk : id;
    }
  }

  /** The raw bytes a token stands for: ▁ → space, {@code <0xNN>} → that byte, control tokens their text. */
  byte[] bytes(int id) {
    String text = tokens.get(id);
    if (types[id] == BYTE && text.length() == 6 && text.startsWith("<0x")) {
      return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
    }
    if (types[id] == CONTROL || types[id] == UNKNOWN) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
  }

  boolean special(int id) {
    return types[id] == CONTROL || types[id] == UNKNOWN;
  }

  /** llama.cpp's tokenize with parse_special: specials matched, the rest SPM-encoded. */
  int[] encode(String text, boolean addSpecial) {
    List<Integer> out = new ArrayList<>();
    if (addSpecial && addBos) {
      out.add(bos);
    }
    boolean prevSpecial = true; // a prefix space goes before the first text and after a special token
    for (Object fragment : partition(text)) {
      if (fragment instanceof Integer id) {
        out.add(id);
        prevSpecial = true;
      } else {
        String raw = (String) fragment;
        String piece = (addSpacePrefix && prevSpecial ? " " : "") + raw;
        encodeRaw(piece.replace(' ', '\u2581'), out);
        prevSpecial = false;
      }
    }
    if (addSpecial && addEos) {
      out.add(eos);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Splits text at special tokens' texts, longest tokens first: Integer ids and String runs. */
  private List<Object> partition(String text) {
    List<Object> parts = new ArrayList<>();
    if (!text.isEmpty()) { // empty text → no fragment, so no prefix space either (llama.cpp: "" → [] or [BOS])
      parts.add(text);
    }
    for (int id : specials) {
      String s = tokens.get(id);
      if (s.isEmpty()) {
        continue;
      }
      List<Object> next = new ArrayList<>();
      for (Object p : parts) {
        if (!(p instanceof String raw)) {
          next.add(p);
          continue;
        }
        int from = 0;
        for (int at = raw.indexOf(s); at >= 0; at = raw.indexOf(s, from)) {
          if (at > from) {
            next.add(raw.substring(from, at));
          }
          next.add(id);
          from = at + s.length();
        }
        if (from < raw.length()) {
          next.add(raw.substring(from));
        }
      }
      parts = next;
    }
    return parts;
  }

  private record Bigram(int left, int right, float score, int size) {}

  /** The SPM merge loop over one run of text (▁ already in place). */
  void encodeRaw(String text, List<Integer> out) {
    if (text.isEmpty()) {
      return;
    }
    int n = text.codePointCount(0, text.length());
    int[] start = new int[n];
    int[] len = new int[n];
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0, at = 0; i < n; i++) {
      start[i] = at;
      len[i] = Character.charCount(text.codePointAt(at));
      at += len[i];
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score() != b.score()
        ? Float.compare(b.score(), a.score()) : Integer.compare(a.left(), b.left()));
    Map<String, int[]> revMerge = new HashMap<>();
    for (int i = 1; i < n; i++) {
      tryAdd(text, start, len, i - 1, i, queue, revMerge);
    }
    while (!queue.isEmpty()) {
      Bigram b = queue.poll();
      int l = b.left();
      int r = b.right();
      if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != b.size()) {
        continue; // one side was merged since this pair was queued
      }
      len[l] += len[r];
      len[r] = 0;
      next[l] = next[r];
      if (next[r] >= 0) {
        prev[next[r]] = l;
      }
      tryAdd(text, start, len, prev[l], l, queue, revMerge);
      tryAdd(text, start, len, l, next[l], queue, revMerge);
    }
    for (int i = 0; i != -1; i = next[i]) {
      resegment(text, start[i], len[i], start, len, revMerge, out);
    }
  }

  private void tryAdd(String text, int[] start, int[] len, int left, int right, PriorityQueue<Bigram> queue,
      Map<String, int[]> revMerge) {
    if (left == -1 || right == -1) {
      return;
    }
    String piece = text.substring(start[left], start[left] + len[left] + len[right]);
    Integer id = ids.get(piece);
    if (id == null) {
      return;
    }
    queue.add(new Bigram(left, right, scores[id], piece.length()));
    revMerge.put(piece, new int[] {left, right});
  }

  private void resegment(String text, int from, int length, int[] start, int[] len, Map<String, int[]> revMerge,
      List<Integer> out) {
    String piece = text.substring(from, from + length);
    Integer id = ids.get(piece);
    if (id != null) {
      out.add(id);
      return;
    }
    int[] split = revMerge.get(piece);
    if (split == null) {
      for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
        out.add(byteTokens[b & 0xff]);
      }
      return;
    }
    // the halves as they were when this piece was formed
    int l = split[0];
    int r = split[1];
    int leftLen = start[r] - start[l];
    resegment(text, start[l], leftLen, start, len, revMerge, out);
    resegment(text, start[r], length - leftLen, start, len, revMerge, out);
  }
}
