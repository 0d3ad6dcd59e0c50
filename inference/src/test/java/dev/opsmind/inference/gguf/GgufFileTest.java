package dev.opsmind.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading real llama.cpp files, writing and reading back every type, and refusing bad files. */
class GgufFileTest {

  @TempDir
  Path tmp;

  @Test
  void readsStories260K() {
    try (GgufFile f = GgufFile.open(TinyLlamas.dir().resolve("stories260K.gguf"))) {
      assertEquals(3, f.version());
      assertEquals("llama", f.string("general.architecture", null));
      assertEquals(64, f.integer("llama.embedding_length", 0));
      assertEquals(5, f.integer("llama.block_count", 0));
      assertEquals(4, f.integer("llama.attention.head_count_kv", 0));
      assertEquals(1e-5, f.number("llama.attention.layer_norm_rms_epsilon", 0), 1e-12);
      assertEquals(512, f.value("tokenizer.ggml.tokens").length());
      assertEquals(3 + 9 * 5, f.tensors().size());
      GgufTensor q = f.tensor("blk.0.attn_q.weight");
      assertEquals(GgmlType.F32, q.type());
      assertArrayEquals(new long[] {64, 64}, q.shape());
      GgufTensor ffn = f.tensor("blk.0.ffn_down.weight");
      assertArrayEquals(new long[] {64, 172}, ffn.shape());
      float[] w = f.dequantize(ffn);
      assertEquals(64 * 172, w.length);
      assertEquals(f.map(ffn).getFloat(4 * 171), w[171]);
    }
  }

  @Test
  void readsF16TensorsOfLlama2TinyRandom() {
    try (GgufFile f = GgufFile.open(TinyLlamas.dir().resolve("llama-2-tiny-random.gguf"))) {
      GgufTensor embed = f.tensor("token_embd.weight");
      assertEquals(GgmlType.F16, embed.type());
      assertArrayEquals(new long[] {32000, 8}, embed.shape());
      float[] v = f.dequantize(embed);
      ByteBuffer raw = f.map(embed);
      for (int i : new int[] {0, 7, 12345, 255999}) {
        assertEquals(Float.float16ToFloat(raw.getShort(2 * i)), v[i]);
      }
      assertEquals(32000, f.value("tokenizer.ggml.scores").length());
    }
  }

  @Test
  void writtenFileReadsBackForEveryWritableType() throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    float[] values = new float[3 * 96]; // 3 rows of 96: three Q8_0/Q4_0 blocks per row
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextGaussian();
    }
    GgufWriter w = new GgufWriter(64)
        .put("general.architecture", GgufValue.string("llama"))
        .put("some.count", GgufValue.uint32(4_000_000_000L))
        .put("some.flag", GgufValue.bool(true))
        .put("some.scale", GgufValue.float32(0.5f))
        .put("some.words", GgufValue.strings(List.of("a", "▁b", "中")))
        .put("some.ids", GgufValue.integers(GgufValue.Type.INT32, new long[] {-1, 2, 3}));
    List<GgmlType> types = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0);
    for (GgmlType t : types) {
      w.tensor("t." + t, t, new long[] {3, 96}, values);
    }
    Path file = tmp.resolve("all.gguf");
    w.write(file);
    try (GgufFile f = GgufFile.open(file)) {
      assertEquals(64, f.alignment());
      assertEquals(4_000_000_000L, f.integer("some.count", 0));
      assertTrue(f.bool("some.flag", false));
      assertEquals(List.of("a", "▁b", "中"), f.value("some.words").value());
      assertArrayEquals(new long[] {-1, 2, 3}, (long[]) f.value("some.ids").value());
      for (GgmlType t : types) {
        GgufTensor tensor = f.tensor("t." + t);
        assertEquals(0, tensor.offset() % 64);
        float[] expected = new float[values.length];
        Dequantize.toFloat(t, Quantize.encode(t, values, 0, values.length).order(ByteOrder.LITTLE_ENDIAN), expected, 0,
            values.length);
        assertArrayEquals(expected, f.dequantize(tensor), t.toString());
        double tolerance = switch (t) {
          case F32 -> 0;
          case F16 -> 2e-3;
          case BF16 -> 2e-2;
          case Q8_0 -> 0.03;
          default -> 0.5;
        };
        float[] back = f.dequantize(tensor);
        for (int i = 0; i < values.length; i++) {
          assertEquals(values[i], back[i], tolerance, t + " value " + i);
        }
      }
    }
  }

  @Test
  void refusesBadFiles() throws IOException {
    Path good = tmp.resolve("good.gguf");
    new GgufWriter().put("general.architecture", GgufValue.string("llama"))
        .tensor("w", GgmlType.Q8_0, new long[] {2, 64}, new float[128]).write(good);
    byte[] bytes = Files.readAllBytes(good);

    assertRefused(Arrays.copyOf(bytes, bytes.length - 40), "truncated");
    assertRefused(Arrays.copyOf(bytes, 30), "truncated");
    byte[] magic = bytes.clone();
    magic[0] = 'X';
    assertRefused(magic, "not a GGUF file");
    byte[] version = bytes.clone();
    version[4] = 9;
    assertRefused(version, "version 9");
    int typeAt = indexOfTensorType(bytes);
    byte[] unknownType = bytes.clone();
    unknownType[typeAt] = 99;
    assertRefused(unknownType, "unknown ggml type 99");
    byte[] unsupported = bytes.clone();
    unsupported[typeAt] = (byte) GgmlType.Q5_K.id();
    assertRefused(unsupported, "Q5_K");
    byte[] offset = bytes.clone();
    ByteBuffer.wrap(offset).order(ByteOrder.LITTLE_ENDIAN).putLong(typeAt + 4, 1L << 40);
    assertRefused(offset, "runs past the end");
    byte[] misaligned = bytes.clone();
    ByteBuffer.wrap(misaligned).order(ByteOrder.LITTLE_ENDIAN).putLong(typeAt + 4, 3);
    assertRefused(misaligned, "alignment");
    byte[] blockSize = bytes.clone(); // ne0 = 64 → 48: not a whole number of 32-value blocks... 48 % 32 != 0
    ByteBuffer.wrap(blockSize).order(ByteOrder.LITTLE_ENDIAN).putLong(typeAt - 16, 48);
    assertRefused(blockSize, "block size 32");
    byte[] hugeCount = bytes.clone();
    ByteBuffer.wrap(hugeCount).order(ByteOrder.LITTLE_ENDIAN).putLong(16, Long.MAX_VALUE);
    assertRefused(hugeCount, "metadata count");
  }

  /** The tensor table's type field: after the name "w" (8 + 1 bytes), n_dims (4) and two dims (16). */
  private static int indexOfTensorType(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 24; i < bytes.length - 9; i++) {
      if (b.getLong(i) == 1 && bytes[i + 8] == 'w' && b.getInt(i + 9) == 2) {
        return i + 9 + 4 + 16;
      }
    }
    throw new AssertionError("tensor entry not found");
  }

  private void assertRefused(byte[] content, String expected) throws IOException {
    Path bad = tmp.resolve("bad.gguf");
    Files.write(bad, content);
    GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(bad).close());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
