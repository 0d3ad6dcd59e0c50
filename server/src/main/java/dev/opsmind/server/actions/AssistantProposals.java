package dev.opsmind.server.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.auth.Role;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the assistant proposes in a grounded answer ({@code opsmind.proposed_actions}): the
 * actions the cited runbooks declare, with the arguments the question supplies, and the actions a
 * generator requests by calling {@value #TOOL}. Either way the result is at most a pending
 * proposal by the asker (origin "assistant", audited): nothing runs without approval. The route
 * table hands it to grounded chat (this package sits below it and does not know it).
 */
public final class AssistantProposals {
  /** The function a generator calls to request an action. */
  public static final String TOOL = "propose_action";

  /**
   * A call of {@value #TOOL} the model made.
   *
   * @param arguments the call's arguments as the model wrote them (a JSON text)
   * @param said the reply's text outside the call (the model's reason), or null
   */
  public record Request(String arguments, String said) {}

  /** Actions a grounded answer offers at most (and model requests it takes). */
  static final int MAX_PROPOSED = 5;
  /** Actions the function offers at most. */
  static final int MAX_OFFERED = 16;
  private final ActionCatalog catalog;
  private final ProposalStore store;
  private final ActionsHandler handler;

  AssistantProposals(ActionCatalog catalog, ProposalStore store, ActionsHandler handler) {
    this.catalog = catalog;
    this.store = store;
    this.handler = handler;
  }

  /** The caller's runnable actions declared by the runbooks among {@code sources}, one per name, in rank order. */
  private List<ActionCatalog.Entry> offered(Principal caller, List<SourcePassage> sources) {
    List<ActionCatalog.Entry> view = catalog.view(caller).actions();
    Map<String, ActionCatalog.Entry> byName = new LinkedHashMap<>();
    for (SourcePassage source : sources) {
      for (ActionCatalog.Entry entry : view) {
        if (byName.size() < MAX_OFFERED && entry.collection().equals(source.collection())
            && entry.path().equals(source.path())) {
          byName.putIfAbsent(entry.name(), entry);
        }
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * {@code propose_action(action, arguments)}: {@code action} one of the offered names,
   * {@code arguments} their parameters (an enum-like pattern as its values, so a constrained call
   * can only name them; other patterns are checked after the call). No free-text rationale: an
   * unbounded string would let a forced call run to the token limit; the question and the model's
   * text around the call are the rationale.
   */
  public ObjectNode tool(Principal caller, List<SourcePassage> sources) {
    List<ActionCatalog.Entry> entries = offered(caller, sources);
    if (entries.isEmpty()) {
      return null;
    }
    StringBuilder description = new StringBuilder("Propose one of the cited runbooks' actions. It is only "
        + "proposed: a human operator approves it before it runs. Actions:");
    ObjectNode parameters = Json.object().put("type", "object");
    ObjectNode properties = parameters.putObject("properties");
    ArrayNode names = properties.putObject("action").put("type", "string").putArray("enum");
    ObjectNode argumentSchemas = Json.object();
    Map<String, List<String>> values = new LinkedHashMap<>();
    Set<String> free = new HashSet<>();
    Set<String> requiredByAll = null;
    for (ActionCatalog.Entry entry : entries) {
      var d = entry.declaration();
      names.add(d.name());
      description.append("\n- ").append(d.name());
      if (d.description() != null && !d.description().isBlank()) {
        description.append(": ").append(d.description().strip());
      }
      for (String param : d.placeholders()) {
        var p = d.params().get(param);
        description.append(" [").append(param).append(p.description() == null ? "" : ": " + p.description())
            .append(", pattern ").append(p.pattern()).append(']');
        List<String> literals = PatternLiterals.of(p.pattern());
        if (literals == null) {
          free.add(param);
        } else {
          values.computeIfAbsent(param, k -> new ArrayList<>()).addAll(literals);
        }
      }
      Set<String> own = new LinkedHashSet<>(d.placeholders());
      if (requiredByAll == null) {
        requiredByAll = own;
      } else {
        requiredByAll.retainAll(own);
      }
    }
    for (ActionCatalog.Entry entry : entries) {
      for (String param : entry.declaration().placeholders()) {
        if (argumentSchemas.has(param)) {
          continue;
        }
        ObjectNode schema = argumentSchemas.putObject(param).put("type", "string");
        List<String> literals = values.get(param);
        // a parameter free somewhere (or with too many values) stays a string, checked after the call
        if (!free.contains(param) && literals != null && new LinkedHashSet<>(literals).size() <= PatternLiterals.MAX) {
          ArrayNode e = schema.putArray("enum");
          new LinkedHashSet<>(literals).forEach(e::add);
        }
      }
    }
    ObjectNode arguments = properties.putObject("arguments").put("type", "object");
    arguments.set("properties", argumentSchemas);
    ArrayNode required = arguments.putArray("required");
    requiredByAll.forEach(required::add);
    parameters.putArray("required").add("action").add("arguments");
    ObjectNode function = Json.object().put("name", TOOL).put("description", description.toString());
    function.set("parameters", parameters);
    return function;
  }

  /**
   * The proposed actions as JSON, or null for none: first the model's {@code requests} (each a
   * pending proposal, or the reason it was refused), then the cited runbooks' other actions.
   */
  public ArrayNode propose(RoutingContext ctx, String question, List<Citation> citations, List<SourcePassage> sources,
      List<Request> requests) {
    Principal caller = AuthHandler.principal(ctx);
    Role role = AuthHandler.role(ctx);
    String roleId = role == null ? "reader" : role.id();
    ArrayNode out = Json.MAPPER.createArrayNode();
    Set<String> requested = new HashSet<>();
    List<ActionCatalog.Entry> offered = requests.isEmpty() ? List.of() : offered(caller, sources);
    for (Request request : requests.subList(0, Math.min(requests.size(), MAX_PROPOSED))) {
      out.add(requested(ctx, question, request, offered, caller, roleId, requested));
    }
    var seen = new HashSet<String>();
    var view = catalog.view(caller).actions();
    for (var citation : citations) {
      for (ActionCatalog.Entry entry : view) {
        if (out.size() >= MAX_PROPOSED + Math.min(requests.size(), MAX_PROPOSED) || !entry.collection().equals(citation.collection())
            || !entry.path().equals(citation.path()) || requested.contains(key(entry))
            || !seen.add(key(entry))) {
          continue;
        }
        out.add(fromQuestion(ctx, question, entry, caller, roleId));
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static String key(ActionCatalog.Entry entry) {
    return entry.collection() + "\0" + entry.name();
  }

  /**
   * One call of the model's: validated exactly as POST /v1/actions/proposals validates (an
   * offered action, every argument matching its whole pattern), then a pending proposal; a call
   * that fails is listed with its error and audited as refused, and nothing is stored.
   */
  private ObjectNode requested(RoutingContext ctx, String question, Request request, List<ActionCatalog.Entry> offered,
      Principal caller, String role, Set<String> requested) {
    String action = null;
    JsonNode arguments = null;
    ObjectNode item = Json.object().put("object", "action.proposed").put("requested_by_model", true);
    try {
      JsonNode call;
      try {
        call = Json.MAPPER.readTree(request.arguments());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new InvalidRequestException("arguments", "The call's arguments are not JSON: " + e.getOriginalMessage());
      }
      if (call == null || !call.isObject() || !call.path("action").isTextual()) {
        throw new InvalidRequestException("action", "The call names no action");
      }
      action = call.get("action").textValue();
      arguments = call.get("arguments");
      String name = action;
      ActionCatalog.Entry entry = offered.stream().filter(e -> e.name().equals(name)).findFirst()
          .orElseThrow(() -> new InvalidRequestException("action", "'" + name
              + "' is not an action of the runbooks this answer drew on"));
      item.setAll(entry.toJson());
      item.put("object", "action.proposed").put("action", entry.name());
      item.set("arguments", arguments == null ? Json.object() : arguments);
      item.putArray("missing");
      String rationale = "Requested by the assistant (function call) for the question: " + clip(question, 1000)
          + (request.said() == null || request.said().isBlank() ? "" : "\nThe assistant said: " + clip(request.said(), 1000));
      Proposal p = store.create(handler.propose(entry, ProposalRequest.arguments(arguments), rationale, null,
          caller.name(), role, "assistant"));
      handler.audit(ctx, "action_proposed", p, Json.object().put("origin", "assistant").put("via", "function_call"));
      requested.add(key(entry));
      item.put("proposal_id", p.id());
      item.set("proposal", p.toJson(store.now()));
    } catch (InvalidRequestException e) {
      handler.refusedRequest(ctx, action, e);
      item.put("action", action);
      item.set("arguments", arguments);
      item.putNull("proposal_id");
      item.set("error", ApiErrors.map(e).body().path("error"));
    }
    return item;
  }

  /**
   * A cited runbook's action with the arguments the question supplies (a parameter is filled when
   * exactly one word of the question matches its whole pattern): a pending proposal when every
   * argument is filled, else listed with {@code missing} for the operator to propose.
   */
  private ObjectNode fromQuestion(RoutingContext ctx, String question, ActionCatalog.Entry entry, Principal caller,
      String role) {
    Map<String, String> arguments = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String param : entry.declaration().placeholders()) {
      var pattern = Pattern.compile(entry.declaration().params().get(param).pattern());
      var matches = new LinkedHashSet<String>();
      for (String word : question.split("\\s+")) {
        String token = word.replaceAll("^[\\p{Punct}&&[^/.~_-]]+|[\\p{Punct}&&[^/_-]]+$", "");
        if (!token.isEmpty() && token.length() <= Proposal.MAX_ARGUMENT_CHARS
            && pattern.matcher(token).matches()) {
          matches.add(token);
        }
      }
      if (matches.size() == 1) {
        arguments.put(param, matches.iterator().next());
      } else {
        missing.add(param);
      }
    }
    ObjectNode item = entry.toJson();
    item.put("object", "action.proposed").put("action", entry.name());
    item.set("arguments", Json.MAPPER.valueToTree(arguments));
    item.set("missing", Json.MAPPER.valueToTree(missing));
    if (missing.isEmpty()) {
      Proposal p = store.create(handler.propose(entry, arguments, "Proposed by the assistant for the question: "
          + clip(question, 1000), null, caller.name(), role, "assistant"));
      handler.audit(ctx, "action_proposed", p, Json.object().put("origin", "assistant"));
      item.put("proposal_id", p.id());
      item.set("proposal", p.toJson(store.now()));
    } else {
      item.putNull("proposal_id");
    }
    return item;
  }

  private static String clip(String text, int max) {
    return text.length() > max ? text.substring(0, max) + "…" : text;
  }
}
