package dev.opsmind.server.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitationFilterTest {
  private static final List<SourcePassage> SOURCES = List.of(
      new SourcePassage("runbooks", "one.md", 1, 5, List.of("One", "Diagnosis"), "first text", "first snippet", 0.9, 0.8),
      new SourcePassage("runbooks", "two.md", 7, 9, List.of("Two"), "second text", "", 0.7, 0.6),
      new SourcePassage("ops", "three.md", 3, 4, List.of(), "third text", "third snippet", 0.5, Double.NaN));

  @Test
  void keepsUsedCitationsRenumberedInOrderOfFirstUse() {
    var answer = CitationFilter.filter("Restart the kubelet [2]. Then check the logs [3] and the node [2][1].", SOURCES);
    assertEquals("Restart the kubelet [1]. Then check the logs [2] and the node [1][3].", answer.text());
    assertEquals(List.of(1, 2, 3), answer.citations().stream().map(Citation::number).toList());
    assertEquals(List.of("two.md", "three.md", "one.md"), answer.citations().stream().map(Citation::path).toList());
    Citation first = answer.citations().getFirst();
    assertEquals("runbooks", first.collection());
    assertEquals(7, first.startLine());
    assertEquals(9, first.endLine());
    assertEquals(List.of("Two"), first.headingPath());
    assertEquals("second text", first.snippet()); // no snippet: the start of the text
    assertEquals(0.7, first.score());
    assertEquals(GroundedAnswer.Mode.GENERATED, answer.mode());
  }

  @Test
  void dropsMarkersThatPointAtNoSource() {
    var answer = CitationFilter.filter("Free some space [7]. Delete old images [0] [3], then retry [2, 9].", SOURCES);
    assertEquals("Free some space. Delete old images [1], then retry [2].", answer.text());
    assertEquals(List.of("three.md", "two.md"), answer.citations().stream().map(Citation::path).toList());
  }

  @Test
  void unusedSourcesAreNotCited() {
    var answer = CitationFilter.filter("The sources do not cover this.", SOURCES);
    assertEquals("The sources do not cover this.", answer.text());
    assertEquals(List.of(), answer.citations());
  }

  @Test
  void listsFullWidthAndRepeatedMarkersAreNormalised() {
    var answer = CitationFilter.filter("扩容卷【3】。删除旧数据[1,3]。检查日志[3][3]。", SOURCES);
    assertEquals("扩容卷[1]。删除旧数据[2][1]。检查日志[1]。", answer.text());
    assertEquals(List.of("three.md", "one.md"), answer.citations().stream().map(Citation::path).toList());
  }

  @Test
  void codeAndLinksAreNotCitations() {
    String text = "Use `args[5]` as shown [1]:\n```\nvalue = items[9]\n```\nSee [4](https://example.org) too [5].";
    var answer = CitationFilter.filter(text, SOURCES);
    assertEquals("Use `args[5]` as shown [1]:\n```\nvalue = items[9]\n```\nSee [4](https://example.org) too.", answer.text());
    assertEquals(1, answer.citations().size());
    assertTrue(answer.citations().getFirst().path().equals("one.md"));
  }
}
