package dev.opsmind.inference.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's own embedder directory, built from a bundled model's real ONNX graph and
 * tokenizer.json (copied out of the class path) plus a descriptor written here: it loads by path,
 * gives the bundled model's vectors, and each broken variant is refused at load naming the file or
 * field.
 */
class OwnEmbedderTest {
  static final String BUNDLED = "bge-small-zh-v1.5-q";
  static final String DESCRIPTOR = """
      {"name": "my-bge", "dimension": 512, "pooling": "cls", "max_tokens": 512,
       "query_instruction": "为这个句子生成表示以用于检索相关文章：", "languages": ["zh", "en"],
       "lowercase": true, "dynamically_quantized": true}
      """;

  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path good;

  @BeforeAll
  static void buildDirectory() throws IOException {
    good = writeDirectory(shared.resolve("my-bge"), DESCRIPTOR);
  }

  /** model.onnx and tokenizer.json of the bundled model, and the given descriptor. */
  static Path writeDirectory(Path dir, String descriptor) throws IOException {
    Files.createDirectories(dir);
    EmbedderSpec bundled = EmbedderSpec.named(BUNDLED);
    Files.copy(ModelResources.materialise(bundled.modelResource(), bundled.name()), dir.resolve("model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);
    try (InputStream in = ModelResources.open(bundled.tokenizerResource())) {
      Files.copy(in, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(dir.resolve("opsmind-embedder.json"), descriptor);
    return dir;
  }

  @Test
  void ownDirectoryGivesTheBundledModelsVectors() {
    List<String> texts = List.of("磁盘空间不足，清理 /var/log", "Disk is FULL on the database host", "x");
    try (Embedder bundled = Embedder.load(BUNDLED); Embedder own = Embedder.load(good.toString())) {
      assertEquals("my-bge", own.name());
      assertEquals(512, own.dimension());
      assertEquals(List.of("zh", "en"), own.spec().languages());
      assertTrue(own.spec().isDirectory());
      assertEquals(List.of("attention_mask", "input_ids", "token_type_ids"), own.inputNames().stream().sorted().toList());
      float[][] expected = bundled.embed(texts);
      float[][] actual = own.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(expected[i], actual[i], 1e-6f, "input " + i);
      }
      assertArrayEquals(bundled.embedQuery("磁盘满了怎么办"), own.embedQuery("磁盘满了怎么办"), 1e-6f);
    }
  }

  @Test
  void nameDefaultsToTheDirectorysAndOptionalFieldsToFalse() throws IOException {
    Path dir = writeDirectory(tmp.resolve("plain-bge"), """
        {"dimension": 512, "pooling": "mean", "max_tokens": 128, "query_instruction": "", "languages": ["en"]}
        """);
    EmbedderSpec spec = EmbedderSpec.fromDirectory(dir);
    assertEquals("plain-bge", spec.name());
    assertEquals(Pooling.MEAN, spec.pooling());
    assertEquals(128, spec.maxTokens());
    assertEquals(false, spec.lowercase());
    assertEquals(false, spec.dynamicallyQuantized());
    assertEquals(dir.resolve("opsmind-embedder.json").toString(), spec.origin());
  }

  @Test
  void missingFilesAreRefusedByName() throws IOException {
    for (String file : List.of("model.onnx", "tokenizer.json", "opsmind-embedder.json")) {
      Path dir = writeDirectory(tmp.resolve("without-" + file), DESCRIPTOR);
      Files.delete(dir.resolve(file));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedder.load(dir.toString()));
      assertTrue(e.getMessage().contains("has no " + file) && e.getMessage().contains(dir.toString()), e.getMessage());
    }
  }

  @Test
  void malformedJsonIsRefused() throws IOException {
    Path dir = writeDirectory(tmp.resolve("bad-json"), "{\"dimension\": 512,");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbedderSpec.fromDirectory(dir));
    assertTrue(e.getMessage().contains("opsmind-embedder.json: malformed JSON"), e.getMessage());
    Path array = writeDirectory(tmp.resolve("array-json"), "[1, 2]");
    e = assertThrows(IllegalArgumentException.class, () -> EmbedderSpec.fromDirectory(array));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
  }

  @Test
  void missingOrInvalidFieldsAreRefusedNamingTheField() throws IOException {
    String[][] cases = {
        {"\"dimension\": 512, ", "", "'dimension' is missing"},
        {"\"dimension\": 512", "\"dimension\": \"512\"", "'dimension' must be an integer"},
        {"\"dimension\": 512", "\"dimension\": 0", "'dimension' must be an integer >= 1"},
        {"\"pooling\": \"cls\"", "\"pooling\": \"max\"", "'pooling' must be \"cls\" or \"mean\""},
        {"\"pooling\": \"cls\", ", "", "'pooling' is missing"},
        {"\"max_tokens\": 512", "\"max_tokens\": 2", "'max_tokens' must be an integer >= 3"},
        {"\"query_instruction\": \"为这个句子生成表示以用于检索相关文章：\", ", "", "'query_instruction' is missing"},
        {"[\"zh\", \"en\"]", "[\"zh\", \"fr\"]", "'languages' may hold only"},
        {"[\"zh\", \"en\"]", "[]", "'languages' must be a non-empty list"},
        {"\"lowercase\": true", "\"lowercase\": \"yes\"", "'lowercase' must be true or false"},
        {"\"name\": \"my-bge\"", "\"name\": \" \"", "'name' must not be blank"},
        {"\"name\": \"my-bge\"", "\"nmae\": \"my-bge\"", "unknown field 'nmae'"},
    };
    int n = 0;
    for (String[] c : cases) {
      String json = DESCRIPTOR.replace(c[0], c[1]);
      assertTrue(!json.equals(DESCRIPTOR), "case " + c[0] + " changes the descriptor");
      Path dir = writeDirectory(tmp.resolve("case-" + n++), json);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbedderSpec.fromDirectory(dir),
          c[2]);
      assertTrue(e.getMessage().contains(c[2]) && e.getMessage().contains("opsmind-embedder.json"),
          c[2] + " in: " + e.getMessage());
    }
  }

  @Test
  void aDimensionOtherThanTheModelsIsRefusedAtLoad() throws IOException {
    Path dir = writeDirectory(tmp.resolve("wrong-dim"), DESCRIPTOR.replace("\"dimension\": 512", "\"dimension\": 768"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedder.load(dir.toString()));
    assertTrue(e.getMessage().contains(dir.resolve("opsmind-embedder.json").toString())
        && e.getMessage().contains("dimension is 768") && e.getMessage().contains("outputs 512"), e.getMessage());
  }

  @Test
  void aFileThatIsNoOnnxGraphIsRefusedAtLoad() throws IOException {
    Path dir = writeDirectory(tmp.resolve("not-onnx"), DESCRIPTOR);
    Files.writeString(dir.resolve("model.onnx"), "not a graph");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedder.load(dir.toString()));
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
  }

  @Test
  void aNameIsFoundAgainAmongTheEmbedderDirectoriesOfAFolder() throws IOException {
    Path models = Files.createDirectories(tmp.resolve("models"));
    Path dir = writeDirectory(models.resolve("folder-name"), DESCRIPTOR);
    assertEquals(dir, EmbedderSpec.resolve("my-bge", List.of(models)).directory());
    assertEquals(dir, EmbedderSpec.resolve("folder-name", List.of(models)).directory());
    assertEquals(BUNDLED, EmbedderSpec.resolve(BUNDLED, List.of(models)).name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbedderSpec.resolve("bge-m3", List.of(models)));
    assertTrue(e.getMessage().contains("unknown embedder 'bge-m3'") && e.getMessage().contains(models.toString()),
        e.getMessage());
  }

  @Test
  void aPathThatIsNoDirectoryIsAnUnknownEmbedder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Embedder.load(tmp.resolve("nothing-here").toString()));
    assertTrue(e.getMessage().contains("bge-small-zh-v1.5") && e.getMessage().contains("opsmind-embedder.json"),
        e.getMessage());
  }
}
