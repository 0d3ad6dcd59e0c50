package dev.opsmind.indexer.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.opsmind.indexer.parse.FrontMatter;
import dev.opsmind.indexer.parse.SourceText;
import dev.opsmind.retrieval.SourceNote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Finds the actions a Markdown runbook declares: every fenced block whose info string is
 * {@code opsmind-action} (one YAML mapping each, anywhere in the document, in lists and quotes
 * too) and the front matter's {@code actions:} list. Each becomes an {@link ActionDeclaration} or
 * an {@link ActionProblem}; a name declared twice in one file is a problem the second time.
 */
public final class ActionScanner {
  /** The info string of a declaration block. */
  public static final String INFO = "opsmind-action";
  /** Note kinds in the index (retrieval's {@link SourceNote}). */
  public static final String NOTE_ACTION = "action";
  public static final String NOTE_PROBLEM = "action_error";
  static final int MAX_BLOCK_CHARS = 64 * 1024;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Parser parser = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

  /** What one file declares. */
  public record Scan(List<ActionDeclaration> actions, List<ActionProblem> problems) {
    public static final Scan NONE = new Scan(List.of(), List.of());

    public Scan {
      actions = List.copyOf(actions);
      problems = List.copyOf(problems);
    }

    /** As notes of the source {@code collection:sourcePath}, stored with its chunks. */
    public List<SourceNote> notes(String collection, String sourcePath) {
      List<SourceNote> notes = new ArrayList<>();
      actions.forEach(a -> notes.add(new SourceNote(collection, sourcePath, NOTE_ACTION, a.toJson().toString())));
      problems.forEach(p -> notes.add(new SourceNote(collection, sourcePath, NOTE_PROBLEM, p.toJson().toString())));
      return notes;
    }
  }

  /** Scans a Markdown file's bytes (decoded as the indexer decodes them). */
  public Scan scan(String sourcePath, byte[] bytes) {
    String text = SourceText.decode(sourcePath, bytes);
    if (!text.contains(INFO) && !text.contains("actions:")) {
      return Scan.NONE; // the common case: no declaration, no second parse
    }
    List<String> lines = SourceText.lines(text);
    List<ActionDeclaration> actions = new ArrayList<>();
    List<ActionProblem> problems = new ArrayList<>();
    FrontMatter front = FrontMatter.of(lines);
    if (front.lineCount() > 0 && lines.get(0).strip().equals("---")) {
      frontMatter(lines.subList(1, front.lineCount() - 1), front.lineCount(), actions, problems);
    }
    List<String> body = lines.subList(front.lineCount(), lines.size());
    int offset = front.lineCount() + 1;
    parser.parse(String.join("\n", body)).accept(new AbstractVisitor() {
      @Override
      public void visit(FencedCodeBlock block) {
        String info = block.getInfo() == null ? "" : block.getInfo().strip();
        String word = info.isEmpty() ? "" : info.split("\\s+")[0];
        if (word.equals(INFO) && !block.getSourceSpans().isEmpty()) {
          var spans = block.getSourceSpans();
          int start = spans.get(0).getLineIndex() + offset;
          int end = spans.get(spans.size() - 1).getLineIndex() + offset;
          declaration(block.getLiteral(), start, end, actions, problems);
        }
      }
    });
    return dedupe(actions, problems);
  }

  private static void frontMatter(List<String> yaml, int lineCount, List<ActionDeclaration> actions,
      List<ActionProblem> problems) {
    JsonNode root;
    try {
      root = YAML.readTree(String.join("\n", yaml));
    } catch (Exception e) {
      return; // not ours to judge: the front matter is read for its title elsewhere
    }
    JsonNode list = root == null ? null : root.get("actions");
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      problems.add(new ActionProblem("", "front matter 'actions' must be a list of action mappings", 1, lineCount));
      return;
    }
    for (JsonNode item : list) {
      add(item, 1, lineCount, actions, problems);
    }
  }

  private static void declaration(String literal, int start, int end, List<ActionDeclaration> actions,
      List<ActionProblem> problems) {
    if (literal.length() > MAX_BLOCK_CHARS) {
      problems.add(new ActionProblem("", "the block is longer than " + MAX_BLOCK_CHARS + " characters", start, end));
      return;
    }
    JsonNode node;
    try {
      node = YAML.readTree(literal);
    } catch (Exception e) {
      String message = e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getMessage();
      problems.add(new ActionProblem("", "not valid YAML: " + message, start, end));
      return;
    }
    add(node, start, end, actions, problems);
  }

  private static void add(JsonNode node, int start, int end, List<ActionDeclaration> actions,
      List<ActionProblem> problems) {
    try {
      actions.add(ActionDeclaration.parse(node, start, end));
    } catch (IllegalArgumentException e) {
      String name = node != null && node.path("name").isTextual() ? node.path("name").asText() : "";
      problems.add(new ActionProblem(name, e.getMessage(), start, end));
    }
  }

  private static Scan dedupe(List<ActionDeclaration> actions, List<ActionProblem> problems) {
    Set<String> seen = new HashSet<>();
    List<ActionDeclaration> kept = new ArrayList<>();
    for (ActionDeclaration a : actions) {
      if (seen.add(a.name())) {
        kept.add(a);
      } else {
        problems.add(new ActionProblem(a.name(), a.name() + ": declared more than once in this file; only the first counts",
            a.startLine(), a.endLine()));
      }
    }
    return new Scan(kept, problems);
  }
}
