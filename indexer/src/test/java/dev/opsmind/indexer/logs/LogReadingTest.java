package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.logs.format.LogFormats;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.read.BinaryLogException;
import dev.opsmind.indexer.logs.read.LineSource;
import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.indexer.logs.read.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LogReadingTest {
  static byte[] resource(String name) throws IOException {
    try (InputStream in = LogReadingTest.class.getResourceAsStream("/logs/" + name)) {
      return in.readAllBytes();
    }
  }

  static List<LogRecord> read(String name, byte[] bytes, String format) throws IOException {
    List<LogRecord> out = new ArrayList<>();
    try (InputStream in = LogInput.bytes(name, bytes).open();
         RecordReader r = new RecordReader(name, new LineSource(name, in), LogFormats.builtIn().get(format))) {
      for (LogRecord rec; (rec = r.next()) != null; ) out.add(rec);
    }
    return out;
  }

  @Test
  void aStackTraceStaysWithItsFirstLine() throws IOException {
    List<LogRecord> records = read("app.log", resource("app.log"), "log4j");
    assertEquals(10, records.size());
    LogRecord failed = records.get(6);
    assertEquals(7, failed.line());
    assertEquals(12, failed.lastLine());
    assertEquals("ERROR", failed.level());
    assertEquals("Request failed for order 20", failed.firstLine());
    assertTrue(failed.message().contains("Caused by: java.net.ConnectException"), failed.message());
    assertEquals(13, records.get(7).line());
  }

  @Test
  void gzipIsReadByItsMagicBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(resource("app.log"));
    }
    assertEquals(10, read("app.log.gz", bytes.toByteArray(), "log4j").size());
  }

  @Test
  void gbkAndLatin1AreDetectedAndDecoded() throws IOException {
    String zh = "2024-03-01 10:00:00,001 ERROR [main] db - 连接失败：磁盘已满\n";
    List<LogRecord> gbk = read("gbk.log", zh.getBytes(Charset.forName("GBK")), "log4j");
    assertEquals("连接失败：磁盘已满", gbk.get(0).message());
    String fr = "2024-03-01 10:00:00,001 WARN [main] app - échec de la requête\n";
    assertEquals("échec de la requête", read("l1.log", fr.getBytes(StandardCharsets.ISO_8859_1), "log4j").get(0).message());
  }

  @Test
  void binaryIsAClearErrorAndEmptyIsNoRecords() throws IOException {
    var e = assertThrows(BinaryLogException.class, () -> read("x.bin", new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1}, "auto"));
    assertTrue(e.getMessage().contains("not a text log"), e.getMessage());
    assertEquals(0, read("empty.log", new byte[0], "auto").size());
  }

  @Test
  void aHugeLineIsCutNotLoadedWhole() throws IOException {
    byte[] line = ("x".repeat(10 * 1024 * 1024) + "\nsecond line\n").getBytes(StandardCharsets.UTF_8);
    try (LineSource src = new LineSource("big", new ByteArrayInputStream(line))) {
      assertEquals(LineSource.DEFAULT_MAX_CHARS, src.next().length());
      assertEquals("second line", src.next());
      assertEquals(1, src.truncated());
    }
  }

  @Test
  void linesNoFormatMatchesAreMessageOnly() throws IOException {
    List<LogRecord> records = read("m.log", "hello world\r\nsecond\rthird\n".getBytes(StandardCharsets.UTF_8), "log4j");
    assertEquals(List.of("hello world", "second", "third"), records.stream().map(LogRecord::message).toList());
    assertEquals(List.of(1L, 2L, 3L), records.stream().map(LogRecord::line).toList());
  }
}
