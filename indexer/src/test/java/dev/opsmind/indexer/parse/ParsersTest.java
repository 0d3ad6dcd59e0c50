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
    BadSourceException utf8 = assertThrows(BadSourceException.class,
        () -> reader.read("x.md", SourceFormat.MARKDOWN, new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'}));
    assertTrue(utf8.reason().contains("invalid UTF-8"), utf8.reason());
    BadSourceException pdf = assertThrows(BadSourceException.class,
        () -> reader.read("x.pdf", SourceFormat.PDF, "%PDF-1.7 this is not really a pdf".getBytes(StandardCharsets.UTF_8)));
    assertTrue(pdf.reason().contains("corrupt PDF"), pdf.reason());
    BadSourceException gz = assertThrows(BadSourceException.class,
        () -> reader.read("x.log.gz", SourceFormat.LOG, "plain text, not gzip".getBytes(StandardCharsets.UTF_8)));
    assertTrue(gz.reason().contains("not a valid gzip"), gz.reason());
  }
}
