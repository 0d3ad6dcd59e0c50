package dev.opsmind.inference.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.tokenizer.ByteLevelAlphabet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a real byte-level BPE tokenizer.json (Hugging Face tokenizers format): the 256
 * byte-level base tokens, merges learned by {@link BpeTrainer} over an embedded English/Chinese
 * ops corpus, and the model family's special tokens after them. Any UTF-8 text round-trips.
 * Used for random-initialised checkpoints, which have no tokenizer of their own.
 */
public final class TokenizerJsonWriter {
  private static final String CORPUS = "/dev/opsmind/inference/checkpoint/bpe-corpus.txt";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What was written: the vocabulary size used and the special tokens' ids. */
  public record Written(Path file, int vocabSize, Map<String, Integer> specialTokenIds, SpecialTokens specials) {
    public Integer bosId() {
      return specials.bos() == null ? null : specialTokenIds.get(specials.bos());
    }

    public int eosId() {
      return specialTokenIds.get(specials.eos());
    }
  }

  private TokenizerJsonWriter() {}

  /**
   * Writes {@code dir/tokenizer.json} with at most {@code vocabBudget} tokens (base + merges +
   * specials); fewer when the corpus has no more pairs worth merging.
   */
  public static Written write(Path dir, String modelType, int vocabBudget) {
    SpecialTokens specials = SpecialTokens.forModelType(modelType);
    int minimum = 256 + specials.tokens().size();
    if (vocabBudget < minimum) {
      throw new IllegalArgumentException("vocab budget " + vocabBudget + " is below the " + minimum
          + " tokens a byte-level tokenizer for " + modelType + " needs (256 bytes + specials)");
    }
    List<BpeTrainer.Merge> merges = BpeTrainer.train(corpus(), vocabBudget - minimum);

    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int b = 0; b < 256; b++) {
      vocab.putIfAbsent(String.valueOf(ByteLevelAlphabet.charOf(b)), vocab.size());
    }
    ArrayNode mergeArray = JSON.createArrayNode();
    for (BpeTrainer.Merge m : merges) {
      // Two merges can yield the same string (a+bc, ab+c): one vocab entry serves both.
      vocab.putIfAbsent(m.joined(), vocab.size());
      mergeArray.add(m.left() + " " + m.right());
    }
    Map<String, Integer> specialIds = new LinkedHashMap<>();
    ArrayNode added = JSON.createArrayNode();
    for (String token : specials.tokens()) {
      int id = vocab.size();
      vocab.put(token, id);
      specialIds.put(token, id);
      ObjectNode a = added.addObject();
      a.put("id", id).put("content", token).put("single_word", false).put("lstrip", false)
          .put("rstrip", false).put("normalized", false).put("special", true);
    }

    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.set("added_tokens", added);
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel(true));
    root.set("post_processor", postProcessor(specials, specialIds));
    root.set("decoder", byteLevel(true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.put("continuing_subword_prefix", "");
    model.put("end_of_word_suffix", "");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocabNode = model.putObject("vocab");
    vocab.forEach(vocabNode::put);
    model.set("merges", mergeArray);

    Path file = dir.resolve("tokenizer.json");
    try {
      Files.createDirectories(dir);
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new Written(file, vocab.size(), Map.copyOf(specialIds), specials);
  }

  /** Llama 3's shape: ByteLevel, then TemplateProcessing that puts BOS before raw text. */
  private static ObjectNode postProcessor(SpecialTokens specials, Map<String, Integer> ids) {
    if (specials.bos() == null) {
      return byteLevel(false);
    }
    ObjectNode seq = JSON.createObjectNode().put("type", "Sequence");
    ArrayNode processors = seq.putArray("processors");
    processors.add(byteLevel(false));
    ObjectNode t = processors.addObject().put("type", "TemplateProcessing");
    String bos = specials.bos();
    ArrayNode single = t.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    ArrayNode pair = t.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    ObjectNode st = t.putObject("special_tokens").putObject(bos);
    st.put("id", bos);
    st.putArray("ids").add(ids.get(bos));
    st.putArray("tokens").add(bos);
    return seq;
  }

  private static ObjectNode byteLevel(boolean useRegex) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", useRegex);
    return n;
  }

  static String corpus() {
    try (InputStream in = TokenizerJsonWriter.class.getResourceAsStream(CORPUS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + CORPUS);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
