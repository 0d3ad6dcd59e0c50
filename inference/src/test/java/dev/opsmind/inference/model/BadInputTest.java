package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken directories and calls fail with specific IllegalArgumentExceptions, never a JVM crash. */
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  Path dir;

  @BeforeEach
  void checkpoint() {
    dir = TestCheckpoints.write(tmp, "tiny-llama");
  }

  private static String loadFails(Path dir) {
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> Decoder.load(dir, DecoderOptions.defaults().withThreads(1)).close());
    return e.getMessage();
  }

  private void editConfig(String field, Object value) throws IOException {
    Path file = dir.resolve("config.json");
    ObjectNode c = (ObjectNode) JSON.readTree(file.toFile());
    c.set(field, JSON.valueToTree(value));
    JSON.writeValue(file.toFile(), c);
  }

  @Test
  void missingDirectoryAndFiles() throws IOException {
    assertTrue(loadFails(tmp.resolve("nope")).contains("does not exist"));
    Files.delete(dir.resolve("model.safetensors"));
    assertTrue(loadFails(dir).contains("no *.safetensors"));
    Files.delete(dir.resolve("config.json"));
    assertTrue(loadFails(dir).contains("config.json"));
  }

  @Test
  void missingShardNamedInIndex() throws IOException {
    Path sharded = TestCheckpoints.write(tmp, "tiny-llama", RandomCheckpoint.Options.defaults(7).withShards(2));
    Files.delete(sharded.resolve("model-00002-of-00002.safetensors"));
    assertTrue(loadFails(sharded).contains("missing weight file model-00002-of-00002.safetensors"));
  }

  @Test
  void unsupportedModelType() throws IOException {
    editConfig("model_type", "gpt2");
    String message = loadFails(dir);
    assertTrue(message.contains("gpt2") && message.contains("llama, qwen2, mistral"), message);
  }

  @Test
  void wrongShapeNamesTensorExpectedAndActual() throws IOException {
    editConfig("intermediate_size", 192);
    String message = loadFails(dir);
    assertTrue(message.contains("model.layers.0.mlp.gate_proj.weight") && message.contains("[176, 64]")
        && message.contains("[192, 64]"), message);
  }

  @Test
  void missingTensorIsNamed() {
    DecoderConfig c = ModelShapes.get("tiny-llama");
    List<SafetensorsWriter.Entry> entries = new ArrayList<>(RandomCheckpoint.tensors(c,
        RandomCheckpoint.Options.defaults(1)));
    entries.removeIf(e -> e.name().equals("model.layers.1.self_attn.v_proj.weight"));
    SafetensorsWriter.write(dir.resolve("model.safetensors"), entries, TensorDType.F32);
    String message = loadFails(dir);
    assertTrue(message.contains("missing tensor model.layers.1.self_attn.v_proj.weight") && message.contains("[32, 64]"),
        message);
  }

  @Test
  void corruptHeader() throws IOException {
    Path file = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    byte[] garbage = "{not json at all".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(garbage, 0, bytes, 8, garbage.length);
    Files.write(file, bytes);
    assertTrue(loadFails(dir).contains("corrupt safetensors header"));
    Files.write(file, new byte[] {1, 2, 3});
    assertTrue(loadFails(dir).contains("not a safetensors file"));
    bytes[0] = (byte) 0xff;
    bytes[7] = (byte) 0x7f;
    Files.write(file, bytes);
    assertTrue(loadFails(dir).contains("header length"));
  }

  @Test
  void truncatedTensorData() throws IOException {
    Path file = dir.resolve("model.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 100);
    }
    String message = loadFails(dir);
    assertTrue(message.contains("truncated") && message.contains("lm_head.weight"), message);
  }

  @Test
  void unsupportedDtypeIsNamed() throws IOException {
    Path file = dir.resolve("model.safetensors");
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    Files.write(file, text.replaceFirst("\"F32\"", "\"I32\"").getBytes(StandardCharsets.ISO_8859_1));
    String message = loadFails(dir);
    assertTrue(message.contains("dtype I32"), message);
  }

  @Test
  void badCallsToForward() {
    try (Decoder decoder = Decoder.load(dir, DecoderOptions.defaults().withThreads(1).withContextLength(16));
        Decoder other = Decoder.load(dir, DecoderOptions.defaults().withThreads(1));
        KvCache cache = decoder.newCache();
        KvCache foreign = other.newCache()) {
      IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
          () -> decoder.forward(List.of(new DecodeStep(cache, new int[17]))));
      assertTrue(tooLong.getMessage().contains("exceeds the context length of 16"), tooLong.getMessage());
      assertThrows(IllegalArgumentException.class, () -> decoder.forward(List.of(new DecodeStep(cache, new int[] {512}))));
      assertThrows(IllegalArgumentException.class, () -> decoder.forward(List.of(new DecodeStep(foreign, new int[] {1}))));
      assertThrows(IllegalArgumentException.class,
          () -> decoder.forward(List.of(new DecodeStep(cache, new int[] {1}), new DecodeStep(cache, new int[] {2}))));
      assertThrows(IllegalArgumentException.class, () -> decoder.forward(List.of()));
      assertThrows(IllegalArgumentException.class, () -> new DecodeStep(cache, new int[0]));
      assertEquals(0, cache.length(), "a rejected step leaves the cache untouched");
      decoder.forward(List.of(new DecodeStep(cache, new int[16])));
      assertThrows(IllegalArgumentException.class, () -> decoder.forward(List.of(new DecodeStep(cache, new int[] {1}))));
      KvCache closed = decoder.newCache();
      closed.close();
      assertThrows(IllegalArgumentException.class, () -> decoder.forward(List.of(new DecodeStep(closed, new int[] {1}))));
    }
  }

  @Test
  void closingInAnyOrderIsSafe() {
    Decoder decoder = Decoder.load(dir, DecoderOptions.defaults().withThreads(1));
    KvCache cache = decoder.newCache();
    decoder.forward(List.of(new DecodeStep(cache, new int[] {1, 2, 3})));
    KvCache copy = cache.copy();
    decoder.close();
    cache.close();
    copy.close();
    copy.close();
    assertEquals(3, copy.length());
  }

  @Test
  void badOptions() {
    assertThrows(IllegalArgumentException.class, () -> new DecoderOptions("tpu", 0, 0, 256, "auto"));
    assertThrows(IllegalArgumentException.class, () -> new DecoderOptions("cpu", -1, 0, 256, "auto"));
    assertThrows(IllegalArgumentException.class, () -> new DecoderOptions("cpu", 0, 0, 0, "auto"));
    assertThrows(IllegalArgumentException.class, () -> new DecoderOptions("cpu", 0, 0, 256, "gpu-kernels"));
  }
}
