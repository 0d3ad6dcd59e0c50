package dev.opsmind.bench;

import dev.opsmind.inference.generate.json.JsonConstraint;
import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.inference.generate.json.JsonVocabulary;
import dev.opsmind.inference.generate.sampling.SamplerSteps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java cost of one constrained-JSON decode step over a Qwen2.5-sized vocabulary (151,665
 * tokens): masking every token first ({@code mask_first}, what logprobs or top-p/top-k/min-p
 * sampling need) against proposing from the unmasked logits and masking only when the grammar
 * refuses the pick ({@code propose_first}, greedy and plain sampling).
 *
 * <p>The "model" writes a tool call's JSON: each step its intended next token (the target text cut
 * greedily into vocabulary tokens) gets a logit 12 above Gaussian noise, as a trained model's pick
 * stands out; {@code refusals} of the steps instead favour a token the grammar forbids.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main JsonDecodingBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class JsonDecodingBenchmark {
  static final String TARGET = "{\"name\": \"restart_service\", \"arguments\": {\"host\": \"web-1\", "
      + "\"unit\": \"nginx.service\", \"now\": true, \"reason\": \"502 on every route since 14:02\"}}";
  static final int VOCAB = 151_665;

  @Param({"mask_first", "propose_first"})
  public String mode;

  /** Share of steps at which the model's favourite is a token the grammar refuses. */
  @Param({"0.0", "0.1"})
  public double refusals;

  private JsonVocabulary vocabulary;
  private float[][] steps;
  private int[] intended;
  private JsonConstraint json;
  private int step;

  @Setup(Level.Trial)
  public void setup() {
    SplittableRandom random = new SplittableRandom(1);
    List<byte[]> tokens = syntheticVocabulary(random);
    vocabulary = new JsonVocabulary(VOCAB, tokens::get, id -> false);
    intended = cut(TARGET, tokens);
    int forbidden = index(tokens).get("}}}");
    steps = new float[intended.length][];
    for (int s = 0; s < intended.length; s++) {
      float[] logits = new float[VOCAB];
      for (int i = 0; i < VOCAB; i++) {
        logits[i] = (float) random.nextGaussian() * 2;
      }
      logits[intended[s]] += 12;
      if (random.nextDouble() < refusals) {
        logits[forbidden] += 20; // the model's pick does not fit: the mask decides
      }
      steps[s] = logits;
    }
    json = new JsonConstraint(vocabulary, JsonSchema.ANY_OBJECT);
  }

  /** One decode step's sampling work; the document starts over when it closes. */
  @Benchmark
  public int step() {
    float[] logits = steps[step].clone();
    int token;
    if (mode.equals("propose_first")) {
      int proposed = SamplerSteps.argmax(logits.clone());
      token = json.allows(proposed) ? proposed : maskedArgmax(logits);
    } else {
      token = maskedArgmax(logits);
    }
    json.accept(token);
    step++;
    if (json.complete() || step == steps.length) {
      json = new JsonConstraint(vocabulary, JsonSchema.ANY_OBJECT);
      step = 0;
    }
    return token;
  }

  private int maskedArgmax(float[] logits) {
    json.mask(logits);
    return SamplerSteps.argmax(logits);
  }

  /** Bytes 0..255, the target's pieces and JSON punctuation, then random words (BPE-like). */
  static List<byte[]> syntheticVocabulary(SplittableRandom random) {
    List<String> pieces = new ArrayList<>(List.of("{\"", "\":", "\": \"", "\", \"", "\"}", "}}", "}}}", " \"",
        "name", "restart", "_service", "arguments", "host", "web", "-1", "unit", "nginx", ".service", "now", "true",
        "reason", "502", " on", " every", " route", " since", " 14", ":02"));
    List<byte[]> tokens = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      tokens.add(new byte[] {(byte) b});
    }
    pieces.forEach(p -> tokens.add(p.getBytes(StandardCharsets.UTF_8)));
    String letters = "etaoinshrdlucmfwypvbgkqjxz";
    while (tokens.size() < VOCAB) {
      StringBuilder word = new StringBuilder(random.nextInt(3) == 0 ? " " : "");
      int length = 2 + random.nextInt(7);
      for (int i = 0; i < length; i++) {
        word.append(letters.charAt(Math.min(letters.length() - 1, (int) Math.abs(random.nextGaussian() * 8))));
      }
      if (random.nextInt(20) == 0) {
        word.append(random.nextBoolean() ? "\"" : "\",");
      }
      tokens.add(word.toString().getBytes(StandardCharsets.UTF_8));
    }
    return tokens;
  }

  private static Map<String, Integer> index(List<byte[]> tokens) {
    Map<String, Integer> ids = new HashMap<>();
    for (int id = tokens.size() - 1; id >= 0; id--) {
      ids.put(new String(tokens.get(id), StandardCharsets.ISO_8859_1), id);
    }
    return ids;
  }

  /** The target cut greedily into the longest vocabulary tokens. */
  static int[] cut(String text, List<byte[]> tokens) {
    Map<String, Integer> ids = index(tokens);
    String bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    List<Integer> out = new ArrayList<>();
    int at = 0;
    while (at < bytes.length()) {
      int end = Math.min(bytes.length(), at + 12);
      while (!ids.containsKey(bytes.substring(at, end))) {
        end--;
      }
      out.add(ids.get(bytes.substring(at, end)));
      at = end;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
