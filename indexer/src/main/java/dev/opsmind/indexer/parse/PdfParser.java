package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through PDFBox: the text of each page, in paragraphs. Line numbers count the lines of the
 * extracted text across pages (a PDF has no source lines); the heading path names the page. The
 * title is the document's Title property, else the file name.
 */
public final class PdfParser implements DocumentParser {
  @Override
  public ParsedDocument parse(String sourcePath, byte[] bytes) {
    try (PDDocument pdf = Loader.loadPDF(bytes)) {
      String info = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
      String title = info == null || info.isBlank() ? SourceText.fileTitle(sourcePath) : info.strip();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      List<TextBlock> blocks = new ArrayList<>();
      int line = 1;
      for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        List<String> lines = SourceText.lines(stripper.getText(pdf).replace("\r\n", "\n"));
        blocks.addAll(TextParser.paragraphs(lines, line, List.of(title, "page " + page)));
        line += lines.size();
      }
      return new ParsedDocument(title, SourceFormat.PDF, blocks);
    } catch (InvalidPasswordException e) {
      throw new BadSourceException(sourcePath, "encrypted PDF (needs a password)", e);
    } catch (IOException e) {
      throw new BadSourceException(sourcePath, "corrupt PDF: " + e.getMessage(), e);
    }
  }
}
