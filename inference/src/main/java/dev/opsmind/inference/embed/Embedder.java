package dev.opsmind.inference.embed;

import ai.djl.ModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sentence encoder (BERT-style ONNX graph) run on DJL's OnnxRuntime engine. Texts are tokenized
 * with the model's tokenizer.json, cut to the model's longest input (counted, never an error),
 * grouped by length into padded batches, pooled (CLS or mean) and L2-normalised. One instance
 * serves indexing, queries and the embeddings endpoint; it is thread-safe (each call runs its own
 * predictor over the one shared ONNX Runtime session).
 */
public final class Embedder implements AutoCloseable {
  /** The engine is named: DJL would otherwise pick whichever engine it finds first. */
  static final String ENGINE = "OnnxRuntime";
  static final int DEFAULT_BATCH_SIZE = 32;

  private final EmbedderSpec spec;
  private final HuggingFaceTokenizer tokenizer;
  private final ZooModel<NDList, NDList> model;
  private final long clsId;
  private final long sepId;
  private final int vocabSize;
  private final int batchSize;
  private final AtomicLong truncated = new AtomicLong();
  private final List<String> inputNames;

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";

  private Embedder(EmbedderSpec spec, HuggingFaceTokenizer tokenizer, ZooModel<NDList, NDList> model, int batchSize,
      int vocabSize) {
    this.spec = spec;
    this.vocabSize = vocabSize;
    this.tokenizer = tokenizer;
    this.model = model;
    this.batchSize = spec.dynamicallyQuantized() ? 1 : batchSize;
    long[] empty = tokenizer.encode("", true, false).getIds();
    if (empty.length != 2) {
      throw new IllegalArgumentException(where(spec, spec.tokenizerResource())
          + " does not wrap input in exactly one start and one end token ([CLS] … [SEP] or <s> … </s>): got "
          + Arrays.toString(empty));
    }
    this.clsId = empty[0];
    this.sepId = empty[1];
    this.inputNames = inputNames(spec, model);
  }

  /** The default model, {@value EmbedderSpec#DEFAULT}. */
  public static Embedder load() {
    return load(EmbedderSpec.DEFAULT);
  }

  /**
   * Loads a bundled model by name ({@link EmbedderSpec#names()}) or an operator's model directory
   * by path ({@link EmbedderSpec#fromDirectory}); anything else throws IAE.
   */
  public static Embedder load(String nameOrPath) {
    return load(EmbedderSpec.resolve(nameOrPath), DEFAULT_BATCH_SIZE);
  }

  /** Loads the model of {@code spec} with the default batch size. */
  public static Embedder load(EmbedderSpec spec) {
    return load(spec, DEFAULT_BATCH_SIZE);
  }

  /**
   * Loads the model of {@code spec} and runs it once on a probe input, so that a graph whose output
   * is not {@code spec.dimension()} values per token is refused here (IAE naming the dimension, where
   * it was declared and both numbers) rather than at first use.
   */
  public static Embedder load(EmbedderSpec spec, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("embedder batch size must be > 0, got " + batchSize);
    }
    HuggingFaceTokenizer tokenizer;
    int vocabSize;
    // Truncation and padding are done here, so that over-long input can be counted and the
    // tokenizer.json's own settings (MiniLM's pads everything to 128) do not apply.
    try (InputStream in = spec.isDirectory() ? Files.newInputStream(spec.directory().resolve(spec.tokenizerResource()))
        : ModelResources.open(spec.tokenizerResource())) {
      byte[] json = in.readAllBytes();
      vocabSize = new ObjectMapper().readTree(json).path("model").path("vocab").size();
      tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
          Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false", "maxLength", "100000"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + where(spec, spec.tokenizerResource()), e);
    } catch (RuntimeException e) {
      if (spec.isDirectory()) {
        throw new IllegalArgumentException(where(spec, spec.tokenizerResource()) + " is not a usable Hugging Face "
            + "tokenizer.json: " + e.getMessage(), e);
      }
      throw e;
    }
    Path onnx = spec.isDirectory() ? spec.directory().resolve(spec.modelResource())
        : ModelResources.materialise(spec.modelResource(), spec.name());
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(onnx)
        .optEngine(ENGINE)
        .optTranslator(new NoopTranslator())
        .build();
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.loadModel();
    } catch (IOException | ModelException | RuntimeException e) {
      tokenizer.close();
      String message = "cannot load ONNX model " + onnx + " for embedder " + spec.name() + ": " + e.getMessage();
      if (spec.isDirectory()) {
        throw new IllegalArgumentException(message, e);
      }
      throw new IllegalStateException(message, e);
    }
    Embedder embedder = null;
    try {
      embedder = new Embedder(spec, tokenizer, model, batchSize, vocabSize);
      embedder.probe();
      return embedder;
    } catch (RuntimeException e) {
      if (embedder != null) {
        embedder.close();
      } else {
        model.close();
        tokenizer.close();
      }
      throw e;
    }
  }

  private static String where(EmbedderSpec spec, String file) {
    return spec.isDirectory() ? spec.directory().resolve(file).toString() : "resource " + file + " of embedder "
        + spec.name();
  }

  /** The graph's inputs, in its order; an input this class cannot feed is refused. */
  private static List<String> inputNames(EmbedderSpec spec, ZooModel<NDList, NDList> model) {
    List<String> names = model.describeInput() == null ? List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS)
        : model.describeInput().keys();
    for (String name : names) {
      if (!name.equals(INPUT_IDS) && !name.equals(ATTENTION_MASK) && !name.equals(TOKEN_TYPE_IDS)) {
        throw new IllegalArgumentException(where(spec, spec.modelResource()) + " takes an input '" + name
            + "'; opsmind feeds only " + INPUT_IDS + ", " + ATTENTION_MASK + " and " + TOKEN_TYPE_IDS);
      }
    }
    if (!names.contains(INPUT_IDS)) {
      throw new IllegalArgumentException(where(spec, spec.modelResource()) + " has no input '" + INPUT_IDS
          + "' (its inputs: " + names + ")");
    }
    return List.copyOf(names);
  }

  /** Runs [CLS] probe [SEP] once and checks the output's shape against the spec. */
  private void probe() {
    long[] body = stripSpecials(tokenizer.encode("probe", true, false).getIds());
    long[] seq = new long[body.length + 2];
    seq[0] = clsId;
    System.arraycopy(body, 0, seq, 1, body.length);
    seq[seq.length - 1] = sepId;
    Shape shape = forward(new long[][] {seq}, (hidden, s) -> s);
    if (shape.dimension() != 3) {
      throw new IllegalArgumentException(where(spec, spec.modelResource()) + ": first output has shape " + shape
          + "; expected [batch, tokens, dimension] (last_hidden_state)");
    }
    if (shape.get(2) != spec.dimension()) {
      throw new IllegalArgumentException(spec.origin() + ": dimension is " + spec.dimension() + " but "
          + where(spec, spec.modelResource()) + " outputs " + shape.get(2) + " values per token");
    }
  }

  /** Word pieces in the model's vocabulary (valid token ids are 0..vocabSize-1). */
  public int vocabSize() {
    return vocabSize;
  }

  public String name() {
    return spec.name();
  }

  public int dimension() {
    return spec.dimension();
  }

  public EmbedderSpec spec() {
    return spec;
  }

  /** The graph's input names as its session reports them (graphs without token_type_ids are fed without it). */
  List<String> inputNames() {
    return inputNames;
  }

  /** Inputs cut to the model's longest input since this embedder was loaded. */
  public long truncatedCount() {
    return truncated.get();
  }

  /** Document vectors, one per text, in order. */
  public float[][] embed(List<String> texts) {
    return embedWithUsage(texts).vectors();
  }

  /** A query vector: the model's query instruction (if any) is prepended. */
  public float[] embedQuery(String query) {
    return embed(List.of(spec.queryInstruction() + query))[0];
  }

  /** Document vectors with token counts and truncation flags per input. */
  public Embeddings embedWithUsage(List<String> texts) {
    List<long[]> ids = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text == null) {
        throw new IllegalArgumentException("embedder input " + ids.size() + " is null");
      }
      String prepared = prepare(text);
      long[] full = tokenizer.encode(prepared, true, false).getIds();
      ids.add(stripSpecials(full));
    }
    return embedTokenIds(ids);
  }

  /**
   * Characters of a text that are tokenized: the model reads at most {@code maxTokens} tokens, and
   * tokenizing a whole multi-megabyte text costs the native tokenizer ~300 bytes per character,
   * memory the allocator keeps (a 3.8 MB input added 1-1.5 GB of resident memory).
   */
  public int maxInputChars() {
    return spec.maxTokens() * MAX_CHARS_PER_TOKEN;
  }

  /** Generous: word pieces average 3-5 characters; a longer text is far past the model's input. */
  private static final int MAX_CHARS_PER_TOKEN = 32;

  private String prepare(String text) {
    String cut = text.length() > maxInputChars() ? text.substring(0, maxInputChars()) : text;
    return spec.lowercase() ? cut.toLowerCase(Locale.ROOT) : cut;
  }

  /** Token ids of a text as the model sees it ([CLS]/[SEP] excluded, before truncation; see {@link #maxInputChars}). */
  public long[] tokenize(String text) {
    String prepared = prepare(text);
    return stripSpecials(tokenizer.encode(prepared, true, false).getIds());
  }

  /**
   * Vectors of pre-tokenized inputs: word-piece ids of this model's vocabulary without [CLS] and
   * [SEP], which are added here. Over-long inputs are truncated and counted; an id outside the
   * vocabulary is the caller's error.
   */
  public Embeddings embedTokenIds(List<long[]> inputs) {
    int n = inputs.size();
    for (int i = 0; i < n; i++) {
      for (long id : inputs.get(i)) {
        if (id < 0 || id >= vocabSize) {
          throw new IllegalArgumentException("token id " + id + " in input " + i + " is outside the vocabulary of "
              + spec.name() + " (0.." + (vocabSize - 1) + ")");
        }
      }
    }
    long[][] sequences = new long[n][];
    boolean[] cut = new boolean[n];
    int[] counts = new int[n];
    int room = spec.maxTokens() - 2;
    for (int i = 0; i < n; i++) {
      long[] body = inputs.get(i);
      if (body.length > room) {
        body = Arrays.copyOf(body, room);
        cut[i] = true;
        truncated.incrementAndGet();
      }
      long[] seq = new long[body.length + 2];
      seq[0] = clsId;
      System.arraycopy(body, 0, seq, 1, body.length);
      seq[seq.length - 1] = sepId;
      sequences[i] = seq;
      counts[i] = seq.length;
    }
    // Batches of similar length waste little on padding.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> sequences[i].length));
    float[][] vectors = new float[n][];
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      long[][] batch = new long[end - start][];
      for (int j = start; j < end; j++) {
        batch[j - start] = sequences[order[j]];
      }
      float[][] out = runBatch(batch);
      for (int j = start; j < end; j++) {
        vectors[order[j]] = out[j - start];
      }
    }
    return new Embeddings(vectors, counts, cut);
  }

  private static long[] stripSpecials(long[] withSpecials) {
    return Arrays.copyOfRange(withSpecials, 1, withSpecials.length - 1);
  }

  /** What to take from the graph's first output, read while its arrays are alive. */
  private interface OutputReader<T> {
    T read(NDArray hidden, Shape shape);
  }

  /** Runs one padded batch and hands the first output to {@code reader}. */
  private <T> T forward(long[][] batch, OutputReader<T> reader) {
    int rows = batch.length;
    int width = 0;
    for (long[] seq : batch) {
      width = Math.max(width, seq.length);
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(batch[r], 0, ids, r * width, batch[r].length);
      Arrays.fill(mask, r * width, r * width + batch[r].length, 1L);
    }
    Shape shape = new Shape(rows, width);
    try (NDManager manager = model.getNDManager().newSubManager();
        Predictor<NDList, NDList> predictor = model.newPredictor()) {
      NDList inputs = new NDList();
      for (String name : inputNames) {
        NDArray array = switch (name) {
          case INPUT_IDS -> manager.create(ids, shape);
          case ATTENTION_MASK -> manager.create(mask, shape);
          default -> manager.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
        };
        array.setName(name);
        inputs.add(array);
      }
      NDList output = predictor.predict(inputs);
      try {
        NDArray lastHidden = output.get(0);
        return reader.read(lastHidden, lastHidden.getShape());
      } finally {
        output.close();
      }
    } catch (TranslateException e) {
      throw new IllegalStateException("embedder " + spec.name() + " failed on a batch of " + rows, e);
    }
  }

  private float[][] runBatch(long[][] batch) {
    int rows = batch.length;
    int width = 0;
    for (long[] seq : batch) {
      width = Math.max(width, seq.length);
    }
    float[] hidden = forward(batch, (array, shape) -> array.toFloatArray());
    long hiddenSize = hidden.length / ((long) rows * width);
    if (hiddenSize != spec.dimension()) {
      throw new IllegalStateException("embedder " + spec.name() + ": model outputs " + hiddenSize
          + " values per token, spec says " + spec.dimension());
    }
    int dim = (int) hiddenSize;
    float[][] vectors = new float[rows][dim];
    for (int r = 0; r < rows; r++) {
      float[] v = vectors[r];
      int base = r * width * dim;
      if (spec.pooling() == Pooling.CLS) {
        System.arraycopy(hidden, base, v, 0, dim);
      } else {
        int len = batch[r].length;
        for (int t = 0; t < len; t++) {
          int off = base + t * dim;
          for (int d = 0; d < dim; d++) {
            v[d] += hidden[off + d];
          }
        }
        for (int d = 0; d < dim; d++) {
          v[d] /= len;
        }
      }
      normalise(v);
    }
    return vectors;
  }

  static void normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm == 0) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}
