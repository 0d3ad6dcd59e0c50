package dev.opsmind.indexer.parse;

import static org.junit.jupiter.api.Assertions.*;

import dev.opsmind.indexer.Samples;
import dev.opsmind.indexer.source.SourceFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class ParsersTest {
  private final DocumentReader reader = new DocumentReader();

  private ParsedDocument read(String name, SourceFormat format, String text) {
    return reader.read(name, format, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void markdownBlocksCarryHeadingPathsAndExactLines() {
    String md = """
        ---
        title: Disk full
        ---

        # NodeDiskFull

        Intro line.

        ## Diagnosis

        Check df.

        ```shell
        df -h
        du -sh /var
        ```

        ### Deleted files
        Use lsof.
        """;
    ParsedDocument doc = read("a/disk.md", SourceFormat.MARKDOWN, md);
    assertEquals("Disk full", doc.title());
    List<TextBlock> b = doc.blocks();
    assertEquals(4, b.size(), b.toString());
    assertEquals(List.of("Disk full", "NodeDiskFull"), b.get(0).headingPath());
    assertEquals(7, b.get(0).startLine());
    assertEquals("Intro line.", b.get(0).text());
    assertEquals(List.of("Disk full", "NodeDiskFull", "Diagnosis"), b.get(2).headingPath());
    assertTrue(b.get(2).keepWhole());
    assertEquals(13, b.get(2).startLine());
    assertEquals(16, b.get(2).endLine());
    assertTrue(b.get(2).text().startsWith("```shell"));
    assertEquals(List.of("Disk full", "NodeDiskFull", "Diagnosis", "Deleted files"), b.get(3).headingPath());
    assertEquals(19, b.get(3).startLine());
  }

  @Test
  void markdownTitleFallsBackToH1ThenFileName() {
    ParsedDocument h1 = read("x/KubePodCrashLooping.md", SourceFormat.MARKDOWN, "# KubePodCrashLooping\n\n## Diagnosis\n\ntext\n");
    assertEquals("KubePodCrashLooping", h1.title());
    assertEquals(List.of("KubePodCrashLooping", "Diagnosis"), h1.blocks().get(0).headingPath());
    ParsedDocument none = read("x/notes.md", SourceFormat.MARKDOWN, "just text\n");
    assertEquals("notes", none.title());
  }

  @Test
  void htmlUsesTitleHeadingsAndSourceLines() throws Exception {
    byte[] bytes = Files.readAllBytes(Samples.runbooks().resolve("nginx-502-bad-gateway.html"));
    ParsedDocument doc = reader.read("nginx-502-bad-gateway.html", SourceFormat.HTML, bytes);
    assertEquals("Nginx 502 Bad Gateway", doc.title());
    TextBlock first = doc.blocks().get(0);
    assertEquals(List.of("Nginx 502 Bad Gateway"), first.headingPath());
    assertTrue(first.text().contains("502 Bad Gateway"));
    assertEquals(9, first.startLine());
    assertEquals(10, first.endLine());
    assertTrue(doc.blocks().stream().anyMatch(b -> b.keepWhole() && b.text().contains("upstream app")));
    assertTrue(doc.blocks().stream().anyMatch(b -> b.headingPath().equals(List.of("Nginx 502 Bad Gateway", "Mitigation"))
        && b.text().contains("proxy_buffer_size")));
  }

  @Test
  void pdfTextIsReadPerPage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PDDocument pdf = new PDDocument()) {
      for (String line : List.of("Replica lag runbook page one", "Rebuild the replica page two")) {
        PDPage page = new PDPage();
        pdf.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(line);
          content.endText();
        }
      }
      pdf.getDocumentInformation().setTitle("Replica lag");
      pdf.save(out);
    }
    ParsedDocument doc = reader.read("lag.pdf", SourceFormat.PDF, out.toByteArray());
    assertEquals("Replica lag", doc.title());
    assertEquals(2, doc.blocks().size());
    assertEquals(List.of("Replica lag", "page 2"), doc.blocks().get(1).headingPath());
    assertTrue(doc.blocks().get(1).text().contains("Rebuild the replica"));
  }

  @Test
  void gzipLogsAreDecompressed() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write("line one\n\nline three\n".getBytes(StandardCharsets.UTF_8));
    }
    ParsedDocument doc = reader.read("logs/app.log.gz", SourceFormat.LOG, out.toByteArray());
    assertEquals(2, doc.blocks().size());
    assertEquals(3, doc.blocks().get(1).startLine());
  }

  @Test
  void badFilesAreRefusedWithTheirReason() {
    BadSourceException binary = assertThrows(BadSourceException.class,
        () -> reader.read("x.txt", SourceFormat.TEXT, new byte[] {'a', 0, 'b'}));
    assertTrue(binary.reason().contains("binary"), binary.reason());
    BadSourceException utf16 = assertThrows(BadSourceException.class,
        () -> reader.read("x.md", SourceFormat.MARKDOWN, new byte[] {(byte) 0xff, (byte) 0xfe, 'a', 0, 'b'}));
    assertTrue(utf16.reason().contains("invalid UTF-16LE after its byte order mark"), utf16.reason());
    BadSourceException pdf = assertThrows(BadSourceException.class,
        () -> reader.read("x.pdf", SourceFormat.PDF, "%PDF-1.7 this is not really a pdf".getBytes(StandardCharsets.UTF_8)));
    assertTrue(pdf.reason().contains("corrupt PDF"), pdf.reason());
    BadSourceException gz = assertThrows(BadSourceException.class,
        () -> reader.read("x.log.gz", SourceFormat.LOG, "plain text, not gzip".getBytes(StandardCharsets.UTF_8)));
    assertTrue(gz.reason().contains("not a valid gzip"), gz.reason());
  }

  private static final String GBK_RUNBOOK = """
      # 磁盘空间不足

      ## 处理步骤

      1. 用 `df -h` 找到使用率超过 90% 的分区。
      2. 用 `du -sh /var/log/*` 找出最大的日志目录，清理 7 天前的归档日志。
      3. 如果进程仍持有已删除的文件，用 `lsof +L1` 找到它并重启服务。
      """;

  @Test
  void gbkRunbooksAreDecoded() {
    byte[] gbk = GBK_RUNBOOK.getBytes(java.nio.charset.Charset.forName("GB18030"));
    assertEquals(java.nio.charset.Charset.forName("GB18030"), SourceText.detect("disk.zh.md", gbk));
    ParsedDocument doc = reader.read("disk.zh.md", SourceFormat.MARKDOWN, gbk);
    assertEquals("磁盘空间不足", doc.title());
    List<String> path = doc.blocks().get(0).headingPath();
    assertEquals("处理步骤", path.get(path.size() - 1), path.toString());
    String all = String.join("\n", doc.blocks().stream().map(TextBlock::text).toList());
    assertTrue(all.contains("清理 7 天前的归档日志") && all.contains("lsof +L1"), all);
    // Plain GBK (the older code page) is the same bytes for these characters.
    assertEquals(GBK_RUNBOOK, SourceText.decode("x.txt", GBK_RUNBOOK.getBytes(java.nio.charset.Charset.forName("GBK"))));
    // A mostly English text with one Chinese word, CRLF line ends.
    byte[] mixed = "Restart nginx\r\n重启 nginx 服务\r\n".getBytes(java.nio.charset.Charset.forName("GB18030"));
    assertEquals("Restart nginx\n重启 nginx 服务\n", SourceText.decode("x.txt", mixed));
  }

  @Test
  void latin1AndWindows1252AreDecoded() {
    String latin = "Café au lait: the naïve résumé of Søren's façade\nFinal line, ending in é\n";
    byte[] iso = latin.getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(java.nio.charset.Charset.forName("windows-1252"), SourceText.detect("x.txt", iso));
    assertEquals(latin, SourceText.decode("x.txt", iso));
    ParsedDocument doc = reader.read("cafe.txt", SourceFormat.TEXT, iso);
    assertTrue(doc.blocks().get(0).text().contains("naïve résumé"), doc.blocks().toString());
    // Windows-1252's own characters: curly quotes, en dash, euro sign.
    String cp = "Click \u201cRestart\u201d \u2013 costs 5 \u20ac per hour\n";
    assertEquals(cp, SourceText.decode("x.txt", cp.getBytes(java.nio.charset.Charset.forName("windows-1252"))));
    // Accented letters before ASCII letters pair up as valid GB18030, but not as Chinese text.
    String pairs = "Zürich Straße Ångström Élodie\n";
    assertEquals(pairs, SourceText.decode("x.txt", pairs.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void utfBomsAndTornUtf8Tails() {
    String text = "磁盘满了 disk full\n";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] bom = new byte[utf8.length + 3];
    bom[0] = (byte) 0xef;
    bom[1] = (byte) 0xbb;
    bom[2] = (byte) 0xbf;
    System.arraycopy(utf8, 0, bom, 3, utf8.length);
    assertEquals(text, SourceText.decode("x.txt", bom));
    assertEquals(text, SourceText.decode("x.txt", text.getBytes(StandardCharsets.UTF_16))); // big-endian with BOM
    byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] leBom = new byte[le.length + 2];
    leBom[0] = (byte) 0xff;
    leBom[1] = (byte) 0xfe;
    System.arraycopy(le, 0, leBom, 2, le.length);
    assertEquals(StandardCharsets.UTF_16LE, SourceText.detect("x.txt", leBom));
    assertEquals(text, SourceText.decode("x.txt", leBom));
    // A log cut in the middle of 满 (three bytes in UTF-8) is still UTF-8.
    byte[] torn = java.util.Arrays.copyOf(utf8, "磁盘".getBytes(StandardCharsets.UTF_8).length + 2);
    assertEquals("磁盘\uFFFD", SourceText.decode("x.log", torn));
    // UTF-16 without a BOM is binary to us.
    assertThrows(BadSourceException.class, () -> SourceText.decode("x.txt", "abc".getBytes(StandardCharsets.UTF_16LE)));
  }

  @Test
  void htmlListsKeepTheirNumbersAndCodeItsFormatting() {
    String html = """
        <html><head><title>Rotate certificates</title></head><body>
        <h2>Steps</h2>
        <ol>
          <li>Check the expiry: <code>openssl x509 -enddate -noout -in cert.pem</code></li>
          <li>Renew it with <kbd>certbot renew</kbd>.
            <ul><li>staging first</li><li>then production</li></ul>
          </li>
          <li>Reload nginx.</li>
        </ol>
        <p>Then continue:</p>
        <ol start="4">
          <li>Watch the logs.</li>
          <li value="9">Close the ticket.</li>
          <li>Write the postmortem.</li>
        </ol>
        <ol reversed><li>three</li><li>two</li><li>one</li></ol>
        <ul><li>Run <code>kubectl  get   pods</code> in   the namespace.</li></ul>
        <pre><code class="language-shell">for node in $(kubectl get nodes -o name); do
            kubectl describe "$node" | grep -A5 Conditions
        done
        </code></pre>
        <div><code>systemctl restart nginx
        systemctl status nginx</code></div>
        <p>Line one<br>line two</p>
        <table><tr><th>port</th><td>8080</td></tr></table>
        </body></html>
        """;
    ParsedDocument doc = read("certs.html", SourceFormat.HTML, html);
    List<String> texts = doc.blocks().stream().map(TextBlock::text).toList();
    assertEquals(List.of(
        "1. Check the expiry: `openssl x509 -enddate -noout -in cert.pem`",
        "2. Renew it with `certbot renew`.\n   - staging first\n   - then production",
        "3. Reload nginx.",
        "Then continue:",
        "4. Watch the logs.",
        "9. Close the ticket.",
        "10. Write the postmortem.",
        "3. three", "2. two", "1. one",
        "- Run `kubectl  get   pods` in the namespace.",
        "for node in $(kubectl get nodes -o name); do\n    kubectl describe \"$node\" | grep -A5 Conditions\ndone",
        "systemctl restart nginx\nsystemctl status nginx",
        "Line one\nline two",
        "port 8080"), texts);
    TextBlock pre = doc.blocks().get(11);
    assertTrue(pre.keepWhole());
    assertTrue(doc.blocks().get(12).keepWhole(), "a multi-line code block outside a paragraph is kept whole");
    assertEquals(List.of("Rotate certificates", "Steps"), pre.headingPath());
  }
}
