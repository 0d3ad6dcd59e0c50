package dev.opsmind.inference.embed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the embedder needs to know about one sentence-encoder model: where its ONNX graph and
 * tokenizer.json lie on the class path (the dev.langchain4j embedding jars carry them at the jar
 * root), its output size, pooling, longest input, and the instruction prepended to queries.
 *
 * @param name the name users pass to {@link Embedder#load(String)}
 * @param modelResource class-path resource of the ONNX graph
 * @param tokenizerResource class-path resource of the Hugging Face tokenizer.json
 * @param dimension length of the output vector
 * @param pooling how a vector is drawn from the hidden states
 * @param maxTokens longest input in tokens, [CLS] and [SEP] included; longer input is truncated
 * @param lowercase lowercase the text before tokenizing (the model's vocabulary is uncased but its
 *     tokenizer.json does not say so)
 * @param queryInstruction prefix added to queries (BGE's retrieval instruction), or ""
 * @param dynamicallyQuantized int8 graph whose activation scales are computed over the whole batch
 *     tensor, so an input's vector would depend on its batch-mates: such a model runs one input at
 *     a time, keeping "same text, same vector"
 * @param languages the languages ("en", "zh") the model was trained for: an index embeds a chunk
 *     with each of its embedders that covers the chunk's language, and trusts a query vector most
 *     from an embedder that covers the query's language
 */
public record EmbedderSpec(
    String name,
    String modelResource,
    String tokenizerResource,
    int dimension,
    Pooling pooling,
    int maxTokens,
    boolean lowercase,
    String queryInstruction,
    boolean dynamicallyQuantized,
    List<String> languages) {

  public static final String DEFAULT = "bge-small-zh-v1.5";

  private static final Map<String, EmbedderSpec> KNOWN = new LinkedHashMap<>();
  private static final List<String> BOTH = List.of("zh", "en");
  private static final List<String> ENGLISH = List.of("en");

  static {
    String zhInstruction = "为这个句子生成表示以用于检索相关文章：";
    String enInstruction = "Represent this sentence for searching relevant passages: ";
    register(new EmbedderSpec("bge-small-zh-v1.5", "bge-small-zh-v1.5.onnx",
        "bge-small-zh-v1.5-tokenizer.json", 512, Pooling.CLS, 512, true, zhInstruction, false, BOTH));
    register(new EmbedderSpec("bge-small-zh-v1.5-q", "bge-small-zh-v1.5-q.onnx",
        "bge-small-zh-v1.5-q-tokenizer.json", 512, Pooling.CLS, 512, true, zhInstruction, true, BOTH));
    register(new EmbedderSpec("bge-small-en-v1.5-q", "bge-small-en-v1.5-q.onnx",
        "bge-small-en-v1.5-q-tokenizer.json", 384, Pooling.CLS, 512, false, enInstruction, true, ENGLISH));
    // all-MiniLM-L6-v2 was trained on inputs of at most 256 word pieces.
    register(new EmbedderSpec("all-minilm-l6-v2", "all-minilm-l6-v2.onnx",
        "all-minilm-l6-v2-tokenizer.json", 384, Pooling.MEAN, 256, false, "", false, ENGLISH));
  }

  public EmbedderSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("embedder name must not be blank");
    }
    if (dimension <= 0) {
      throw new IllegalArgumentException("embedder " + name + ": dimension must be > 0, got " + dimension);
    }
    if (maxTokens < 3) {
      throw new IllegalArgumentException("embedder " + name + ": maxTokens must be >= 3, got " + maxTokens);
    }
    if (pooling == null) {
      throw new IllegalArgumentException("embedder " + name + ": pooling must be given");
    }
    queryInstruction = queryInstruction == null ? "" : queryInstruction;
    languages = languages == null || languages.isEmpty() ? List.of("en") : List.copyOf(languages);
    for (String language : languages) {
      if (!language.equals("en") && !language.equals("zh")) {
        throw new IllegalArgumentException("embedder " + name + ": language '" + language + "' is not one of en, zh");
      }
    }
  }

  /** Whether the model was trained for text in {@code language} ("en" or "zh"). */
  public boolean covers(String language) {
    return languages.contains(language);
  }

  private static void register(EmbedderSpec spec) {
    KNOWN.put(spec.name(), spec);
  }

  /** The spec of a known model; an unknown name is the caller's error. */
  public static EmbedderSpec named(String name) {
    EmbedderSpec spec = KNOWN.get(name);
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown embedder '" + name + "'; known: " + String.join(", ", KNOWN.keySet()));
    }
    return spec;
  }

  /** Names of every known model, the default first. */
  public static List<String> names() {
    return List.copyOf(KNOWN.keySet());
  }
}
