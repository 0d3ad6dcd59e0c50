package dev.opsmind.inference.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.inference.gguf.GgufFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's tokenizer: encoding and whole-sequence decoding through DJL's HuggingFaceTokenizer
 * (the Rust tokenizers library, offline), plus each token's raw bytes for incremental streaming
 * ({@link Detokenizer}), read from the same tokenizer.json.
 */
public final class TextTokenizer implements AutoCloseable {
  /** GGUF's key for a whole Hugging Face tokenizer.json (the GGUF specification's name). */
  public static final String HUGGINGFACE_JSON = "tokenizer.huggingface.json";
  private static final Pattern BYTE_FALLBACK = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

  /** The Rust tokenizers library over a tokenizer.json; null for a GGUF SentencePiece vocabulary. */
  private final HuggingFaceTokenizer tokenizer;
  /** A GGUF file's SentencePiece vocabulary (llama.cpp's SPM encoder); null for tokenizer.json. */
  private final SentencePieceVocab spm;
  private final Map<String, Integer> idsByToken;
  private final byte[][] bytesById;
  private final boolean[] special;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, SentencePieceVocab spm, Map<String, Integer> idsByToken,
      byte[][] bytesById, boolean[] special) {
    this.tokenizer = tokenizer;
    this.spm = spm;
    this.idsByToken = idsByToken;
    this.bytesById = bytesById;
    this.special = special;
  }

  /** Loads {@code modelDir/tokenizer.json}, or the tokenizer in a {@code .gguf} file's metadata. */
  public static TextTokenizer load(Path modelDir) {
    if (modelDir.getFileName() != null && modelDir.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
        .endsWith(".gguf")) {
      try (GgufFile f = GgufFile.open(modelDir)) {
        return fromGguf(f);
      }
    }
    Path file = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no tokenizer.json in " + modelDir);
    }
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return fromTokenizerJson(json, file.toString());
  }

  /** A tokenizer.json's text ({@code origin} names it in messages): BPE through DJL's tokenizers. */
  static TextTokenizer fromTokenizerJson(String json, String origin) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot parse " + origin + ": " + e.getMessage(), e);
    }
    JsonNode vocab = root.path("model").path("vocab");
    if (!vocab.isObject()) {
      throw new IllegalArgumentException(origin + ": model.vocab is missing or not an object (only BPE tokenizers are supported)");
    }
    Map<String, Integer> ids = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ids.put(e.getKey(), e.getValue().asInt());
    }
    Map<Integer, String> added = new HashMap<>();
    for (JsonNode a : root.path("added_tokens")) {
      added.put(a.path("id").asInt(), a.path("content").asText());
      ids.put(a.path("content").asText(), a.path("id").asInt());
    }
    int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    boolean byteLevel = usesByteLevel(root.path("decoder"));
    byte[][] bytes = new byte[size][];
    boolean[] special = new boolean[size];
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      int id = e.getValue();
      if (added.containsKey(id)) {
        bytes[id] = added.get(id).getBytes(StandardCharsets.UTF_8);
        special[id] = true;
      } else {
        bytes[id] = tokenBytes(e.getKey(), byteLevel);
      }
    }
    try (java.io.InputStream in = new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(in,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      return new TextTokenizer(hf, null, Map.copyOf(ids), bytes, special);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + origin, e);
    }
  }

  /**
   * The tokenizer described by a GGUF file's {@code tokenizer.ggml.*} metadata. Supported:
   * {@code tokenizer.ggml.model = llama} (SentencePiece-style: scores, byte fallback, prefix space),
   * and any file carrying the Hugging Face tokenizer.json itself ({@code tokenizer.huggingface.json},
   * a GGUF standard key; {@code models quantize} writes it when converting a safetensors checkpoint).
   */
  public static TextTokenizer fromGguf(GgufFile f) {
    String model = f.string("tokenizer.ggml.model", "");
    if (!model.equals("llama") && f.has(HUGGINGFACE_JSON)) {
      return fromTokenizerJson(f.string(HUGGINGFACE_JSON, ""), f.path() + " (" + HUGGINGFACE_JSON + ")");
    }
    if (!model.equals("llama")) {
      throw new IllegalArgumentException(f.path() + ": tokenizer.ggml.model '" + model + "' is not supported; supported:"
          + " llama (SentencePiece), or any model with " + HUGGINGFACE_JSON);
    }
    if (!f.has("tokenizer.ggml.tokens")) {
      throw new IllegalArgumentException(f.path() + " has no tokenizer.ggml.tokens");
    }
    SentencePieceVocab v = new SentencePieceVocab(f);
    int n = v.tokens.size();
    byte[][] bytes = new byte[n][];
    boolean[] special = new boolean[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = v.bytes(i);
      special[i] = v.special(i);
    }
    return new TextTokenizer(null, v, Map.copyOf(v.ids), bytes, special);
  }

  /**
   * True when encoding puts a space before the text (SentencePiece's add_dummy_prefix): the
   * first token of a text then carries a space that is not part of the text.
   */
  public boolean addsPrefixSpace() {
    return spm != null && spm.addSpacePrefix;
  }

  /**
   * True when the next text token after {@code context} begins the text: the tokenizer adds a
   * prefix space ({@link #addsPrefixSpace}) and every token so far is special (a bare BOS). That
   * token's leading space is then the dummy prefix, not text: llama.cpp's detokenizer and
   * SentencePiece's decoder drop it (stories260K after BOS: "Once upon", not " Once upon").
   */
  public boolean startsText(int[] context) {
    if (!addsPrefixSpace()) {
      return false;
    }
    for (int id : context) {
      if (!isSpecial(id)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The bytes token {@code id} adds to the text: {@link #tokenBytes}, without the dummy prefix
   * space when {@code atTextStart} (see {@link #startsText}).
   */
  public byte[] pieceBytes(int id, boolean atTextStart) {
    byte[] b = tokenBytes(id);
    if (atTextStart && addsPrefixSpace() && !isSpecial(id) && b.length > 0 && b[0] == ' ') {
      return java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return b;
  }

  /**
   * Bytes of the tokens generated after {@code prompt}, in order (stateful: one per sequence):
   * the first text token after a bare BOS loses its dummy prefix space, as {@link #pieceBytes}.
   */
  public java.util.function.IntFunction<byte[]> continuation(int[] prompt) {
    boolean[] atStart = {startsText(prompt)};
    return id -> {
      byte[] b = pieceBytes(id, atStart[0]);
      if (!isSpecial(id)) {
        atStart[0] = false;
      }
      return b;
    };
  }

  private static boolean usesByteLevel(JsonNode decoder) {
    if ("ByteLevel".equals(decoder.path("type").asText())) {
      return true;
    }
    for (JsonNode d : decoder.path("decoders")) {
      if (usesByteLevel(d)) {
        return true;
      }
    }
    return false;
  }

  /** Byte-level tokens map char by char; SentencePiece-style ones use ▁ for space and <0xNN> bytes. */
  private static byte[] tokenBytes(String token, boolean byteLevel) {
    if (byteLevel) {
      byte[] b = ByteLevelAlphabet.decode(token);
      if (b != null) {
        return b;
      }
    }
    Matcher m = BYTE_FALLBACK.matcher(token);
    if (m.matches()) {
      return new byte[] {(byte) Integer.parseInt(m.group(1), 16)};
    }
    return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
  }

  /** Token ids of {@code text}; no BOS/EOS added (chat templates write those as text). */
  public int[] encode(String text) {
    return encode(text, false);
  }

  /**
   * Token ids of {@code text}; with {@code addSpecialTokens} the tokenizer.json's post-processor
   * adds what the model expects around raw text (Llama 3: BOS; Qwen2: nothing), as transformers
   * does for a plain completion prompt.
   */
  public int[] encode(String text, boolean addSpecialTokens) {
    if (spm != null) {
      return spm.encode(text, addSpecialTokens);
    }
    long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** The text of {@code ids}; special tokens are kept as their text. */
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      checkId(ids[i]);
      l[i] = ids[i];
    }
    if (spm != null) {
      // SentencePiece's decoder drops the prefix space it added at the start of the text
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      boolean first = true;
      for (int id : ids) {
        byte[] b = bytesById[id];
        int from = first && spm.addSpacePrefix && !special[id] && b.length > 0 && b[0] == ' ' ? 1 : 0;
        out.write(b, from, b.length - from);
        first = false;
      }
      return out.toString(StandardCharsets.UTF_8);
    }
    return tokenizer.decode(l, false);
  }

  /** The raw bytes token {@code id} stands for (special tokens: their UTF-8 text). */
  public byte[] tokenBytes(int id) {
    checkId(id);
    return bytesById[id];
  }

  public boolean isSpecial(int id) {
    return id >= 0 && id < special.length && special[id];
  }

  /** One past the largest token id the tokenizer knows. */
  public int vocabSize() {
    return bytesById.length;
  }

  public OptionalInt tokenId(String token) {
    Integer id = idsByToken.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  private void checkId(int id) {
    if (id < 0 || id >= bytesById.length || bytesById[id] == null) {
      throw new IllegalArgumentException("token id " + id + " is not in the tokenizer's vocabulary of " + bytesById.length);
    }
  }

  @Override
  public void close() {
    if (tokenizer != null) {
      tokenizer.close();
    }
  }
}
