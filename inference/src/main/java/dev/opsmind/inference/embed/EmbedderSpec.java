package dev.opsmind.inference.embed;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the embedder needs to know about one sentence-encoder model: where its ONNX graph and
 * tokenizer.json lie, its output size, pooling, longest input, and the instruction prepended to
 * queries. A bundled model's files are class-path resources (the dev.langchain4j embedding jars
 * carry them at the jar root); an operator's own model is a directory holding model.onnx,
 * tokenizer.json and opsmind-embedder.json ({@link #fromDirectory(Path)}, {@link EmbedderDirectory}).
 *
 * @param name the name users pass to {@link Embedder#load(String)}
 * @param modelResource class-path resource of the ONNX graph, or its file name in {@code directory}
 * @param tokenizerResource class-path resource of the Hugging Face tokenizer.json, or its file name
 *     in {@code directory}
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
 * @param directory the folder holding an operator's own model's files, or null for a bundled model
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
    List<String> languages,
    Path directory) {

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

  /** A bundled model: its files are class-path resources. */
  public EmbedderSpec(String name, String modelResource, String tokenizerResource, int dimension, Pooling pooling,
      int maxTokens, boolean lowercase, String queryInstruction, boolean dynamicallyQuantized, List<String> languages) {
    this(name, modelResource, tokenizerResource, dimension, pooling, maxTokens, lowercase, queryInstruction,
        dynamicallyQuantized, languages, null);
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

  /**
   * An operator's own model: a directory with model.onnx, tokenizer.json and opsmind-embedder.json.
   * A missing file, malformed JSON or a missing or invalid field is an IllegalArgumentException
   * naming the file or field; the graph's output size is checked when {@link Embedder#load} runs it.
   */
  public static EmbedderSpec fromDirectory(Path directory) {
    return EmbedderDirectory.read(directory);
  }

  /** Whether the model's files lie in a directory (an operator's own) rather than on the class path. */
  public boolean isDirectory() {
    return directory != null;
  }

  /** Where this spec came from, for messages: the directory's opsmind-embedder.json, or "bundled embedder NAME". */
  public String origin() {
    return directory == null ? "bundled embedder " + name : directory.resolve(EmbedderDirectory.DESCRIPTOR).toString();
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

  /**
   * A bundled model by name, or an operator's model directory by path (a name is tried first). A
   * path that is neither is the caller's error, listing the bundled names.
   */
  public static EmbedderSpec resolve(String nameOrPath) {
    return resolve(nameOrPath, List.of());
  }

  /**
   * As {@link #resolve(String)}, and else the embedder directory directly under one of {@code roots}
   * (e.g. models/) whose name (the descriptor's, or the directory's) is {@code nameOrPath}: an index
   * records its embedder by name, and this finds an operator's one again.
   */
  public static EmbedderSpec resolve(String nameOrPath, List<Path> roots) {
    if (nameOrPath == null || nameOrPath.isBlank()) {
      throw new IllegalArgumentException("embedder name must not be blank");
    }
    EmbedderSpec spec = KNOWN.get(nameOrPath);
    if (spec != null) {
      return spec;
    }
    Path dir;
    try {
      dir = Path.of(nameOrPath);
    } catch (InvalidPathException e) {
      dir = null;
    }
    if (dir != null && Files.isDirectory(dir)) {
      return fromDirectory(dir);
    }
    for (Path root : roots) {
      Path named = root.resolve(nameOrPath).normalize();
      if (dir != null && named.startsWith(root.normalize()) && EmbedderDirectory.isEmbedderDirectory(named)) {
        return fromDirectory(named);
      }
      for (EmbedderCatalog.Entry entry : EmbedderCatalog.descriptors(root)) {
        if (entry.spec() != null && entry.spec().name().equals(nameOrPath)) {
          return entry.spec();
        }
      }
    }
    throw new IllegalArgumentException("unknown embedder '" + nameOrPath + "': neither a bundled one ("
        + String.join(", ", KNOWN.keySet()) + ") nor a directory with " + EmbedderDirectory.DESCRIPTOR
        + (roots.isEmpty() ? "" : " (also looked under " + roots + ")"));
  }

  /** Specs of every bundled model, the default first. */
  public static List<EmbedderSpec> bundled() {
    return List.copyOf(KNOWN.values());
  }

  /** Names of every known model, the default first. */
  public static List<String> names() {
    return List.copyOf(KNOWN.keySet());
  }
}
