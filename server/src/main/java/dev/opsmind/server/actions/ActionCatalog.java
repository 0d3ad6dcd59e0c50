package dev.opsmind.server.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.indexer.actions.ActionDeclaration;
import dev.opsmind.indexer.actions.ActionProblem;
import dev.opsmind.indexer.actions.ActionScanner;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.SourceNote;
import dev.opsmind.server.http.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The actions the index holds (collected by the indexer from the runbooks), as one caller sees
 * them: only collections the caller may read, and only declarations whose executable is on
 * {@code actions.allow} are runnable; the rest, with the indexer's refusals, are errors. Read
 * from the index on every call (a few stored documents), so a re-indexed runbook counts at once.
 */
public final class ActionCatalog {
  private final KnowledgeIndex index;
  private final Predicate<String> allowed;

  /** A declared action and where it is declared. */
  public record Entry(String collection, String path, ActionDeclaration declaration) {
    public String name() {
      return declaration.name();
    }

    public Proposal.Source source() {
      return new Proposal.Source(collection, path, declaration.startLine(), declaration.endLine());
    }

    public ObjectNode toJson() {
      ObjectNode node = Json.object().put("object", "action").put("name", declaration.name())
          .put("collection", collection).put("path", path);
      ObjectNode body = declaration.toJson();
      body.remove("name");
      node.setAll(body);
      return node;
    }
  }

  /** A declaration that cannot run, and why. */
  public record Error(String collection, String path, ActionProblem problem) {
    public ObjectNode toJson() {
      return Json.object().put("object", "action.error").put("collection", collection).put("path", path)
          .put("name", problem.name()).put("message", problem.message())
          .put("start_line", problem.startLine()).put("end_line", problem.endLine());
    }
  }

  /** What a caller sees: runnable actions and errors. */
  public record View(List<Entry> actions, List<Error> errors) {}

  public ActionCatalog(KnowledgeIndex index, Predicate<String> allowed) {
    this.index = index;
    this.allowed = allowed;
  }

  /** The actions and errors of the collections {@code caller} may read (blocking: reads the index). */
  public View view(Principal caller) {
    List<Entry> actions = new ArrayList<>();
    List<Error> errors = new ArrayList<>();
    Map<String, Entry> first = new HashMap<>();
    for (SourceNote note : index.notes(ActionScanner.NOTE_ACTION, null)) {
      if (!readable(caller, note.collection())) {
        continue;
      }
      ActionDeclaration declaration;
      try {
        declaration = ActionDeclaration.fromJson(Json.MAPPER.readTree(note.body()));
      } catch (Exception e) {
        errors.add(new Error(note.collection(), note.sourcePath(),
            new ActionProblem("", "stored declaration unreadable: " + e.getMessage(), 1, 1)));
        continue;
      }
      Entry entry = new Entry(note.collection(), note.sourcePath(), declaration);
      Entry before = first.putIfAbsent(note.collection() + "\0" + declaration.name(), entry);
      if (before != null) {
        errors.add(new Error(note.collection(), note.sourcePath(), new ActionProblem(declaration.name(),
            declaration.name() + ": already declared in " + before.path() + " of this collection; only that one counts",
            declaration.startLine(), declaration.endLine())));
      } else if (!allowed.test(declaration.executable())) {
        first.remove(note.collection() + "\0" + declaration.name());
        errors.add(new Error(note.collection(), note.sourcePath(), new ActionProblem(declaration.name(),
            declaration.name() + ": the executable " + declaration.executable()
                + " is not on the server's actions.allow list, so it never runs",
            declaration.startLine(), declaration.endLine())));
      } else {
        actions.add(entry);
      }
    }
    for (SourceNote note : index.notes(ActionScanner.NOTE_PROBLEM, null)) {
      if (readable(caller, note.collection())) {
        try {
          errors.add(new Error(note.collection(), note.sourcePath(),
              ActionProblem.fromJson(Json.MAPPER.readTree(note.body()))));
        } catch (java.io.IOException e) {
          // an unreadable stored problem says nothing more than its absence would
        }
      }
    }
    return new View(actions, errors);
  }

  /**
   * The runnable action {@code name} readable by {@code caller}, in {@code collection} when given;
   * a name runnable in several collections needs the collection.
   *
   * @throws IllegalArgumentException (400 naming the parameter) when unknown or ambiguous
   */
  public Entry find(Principal caller, String name, String collection) {
    List<Entry> matches = view(caller).actions().stream()
        .filter(e -> e.name().equals(name) && (collection == null || e.collection().equals(collection))).toList();
    if (matches.isEmpty()) {
      throw new dev.opsmind.server.http.InvalidRequestException("action", "No runnable action named '" + name + "'"
          + (collection == null ? "" : " in collection '" + collection + "'") + " (GET /v1/actions lists them; "
          + "GET /v1/actions/errors says why a declared one is not runnable)");
    }
    if (matches.size() > 1) {
      throw new dev.opsmind.server.http.InvalidRequestException("collection", "Action '" + name + "' is declared in "
          + "several collections " + matches.stream().map(Entry::collection).toList() + ": give 'collection'");
    }
    return matches.get(0);
  }

  /** The runnable actions declared by one source (the grounded answer's cited runbooks). */
  public List<Entry> declaredBy(Principal caller, String collection, String path) {
    return view(caller).actions().stream().filter(e -> e.collection().equals(collection) && e.path().equals(path))
        .toList();
  }

  private boolean readable(Principal caller, String collection) {
    return index.collection(collection).map(c -> c.readableBy(caller)).orElse(false);
  }
}
