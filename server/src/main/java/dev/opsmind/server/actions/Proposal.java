package dev.opsmind.server.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One proposal as it stands: what would run (the argv, fixed when proposed), who asked and why,
 * and how far it got. Immutable; {@link ProposalStore} moves it from state to state.
 *
 * <p>States: {@code pending} → {@code approved} or {@code rejected}; {@code approved} →
 * {@code running} → {@code succeeded}, {@code failed} or {@code timed_out}; a run the server did
 * not see end (a crash) becomes {@code interrupted}. A pending or approved proposal past its
 * {@code expires_at} reads as {@code expired} and can no longer be approved or run.
 *
 * @param origin "api" (POST /v1/actions/proposals) or "assistant" (a grounded answer)
 * @param citations what the proposer cited (JSON array), or null
 * @param approval who approved (with the argv's SHA-256 at that moment), or null
 * @param rejection who rejected, or null
 * @param result the run's outcome (exit code, output, timing), or null
 */
public record Proposal(String id, String action, Source source, Map<String, String> arguments, List<String> argv,
    String risk, int timeoutSeconds, String rationale, JsonNode citations, String proposedBy, String proposerRole,
    String origin, long createdAtMillis, long expiresAtMillis, String state, Decision approval, Decision rejection,
    Decision run, JsonNode result) {

  /** Where the action is declared. */
  public record Source(String collection, String path, int startLine, int endLine) {}

  /** A person's step: who (and in which role), when, with what comment; {@code argvSha256} for approvals. */
  public record Decision(String by, String role, long atMillis, String comment, String argvSha256) {}

  /** The longest argument value a proposal takes (a value is one argv element). */
  static final int MAX_ARGUMENT_CHARS = 4096;

  /**
   * A pending proposal of {@code entry} with {@code arguments}, made at {@code now} and expiring
   * {@code ttlMillis} later: each placeholder's value must match its parameter's whole pattern;
   * the argv is the template with the values put in place, each element staying one element
   * whatever the values hold.
   *
   * @throws InvalidRequestException (400) naming the first bad parameter
   */
  static Proposal pending(ActionCatalog.Entry entry, Map<String, String> arguments, String rationale,
      JsonNode citations, String by, String role, String origin, long now, long ttlMillis) {
    var declaration = entry.declaration();
    for (String name : arguments.keySet()) {
      if (!declaration.params().containsKey(name)) {
        throw new InvalidRequestException("arguments." + name, "Action '" + declaration.name()
            + "' has no parameter '" + name + "' (it has " + declaration.params().keySet() + ")");
      }
    }
    Map<String, String> used = new LinkedHashMap<>();
    for (String name : declaration.placeholders()) {
      String value = arguments.get(name);
      if (value == null) {
        throw new InvalidRequestException("arguments." + name, "Missing argument '" + name + "' of action '"
            + declaration.name() + "'");
      }
      var param = declaration.params().get(name);
      if (value.length() > MAX_ARGUMENT_CHARS || value.indexOf('\0') >= 0
          || !java.util.regex.Pattern.compile(param.pattern()).matcher(value).matches()) {
        throw new InvalidRequestException("arguments." + name, "Argument '" + name + "' does not match its pattern "
            + param.pattern());
      }
      used.put(name, value);
    }
    List<String> argv = declaration.run().stream()
        .map(element -> dev.opsmind.indexer.actions.ActionDeclaration.PLACEHOLDER.matcher(element)
            .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(used.get(m.group(1)))))
        .toList();
    return new Proposal("act_" + UUID.randomUUID().toString().replace("-", ""), declaration.name(), entry.source(),
        arguments, argv, declaration.risk(), declaration.timeoutSeconds(), rationale, citations, by, role, origin,
        now, now + ttlMillis, "pending", null, null, null, null);
  }

  public static final List<String> FINAL = List.of("rejected", "succeeded", "failed", "timed_out", "interrupted");

  public Proposal {
    arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    argv = List.copyOf(argv);
  }

  /** The state a caller sees at {@code nowMillis}: pending or approved past the expiry read as expired. */
  public String state(long nowMillis) {
    return (state.equals("pending") || state.equals("approved")) && nowMillis >= expiresAtMillis ? "expired" : state;
  }

  Proposal with(String newState, Decision newApproval, Decision newRejection, Decision newRun, JsonNode newResult) {
    return new Proposal(id, action, source, arguments, argv, risk, timeoutSeconds, rationale, citations, proposedBy,
        proposerRole, origin, createdAtMillis, expiresAtMillis, newState, newApproval, newRejection, newRun, newResult);
  }

  /** SHA-256 of the argv (elements joined by NUL, which no element may hold): what an approval binds. */
  public static String argvSha256(List<String> argv) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(String.join("\0", argv).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The API's view at {@code nowMillis} (times in Unix seconds, as OpenAI's created_at). */
  public ObjectNode toJson(long nowMillis) {
    ObjectNode node = stored();
    node.put("state", state(nowMillis));
    return node;
  }

  /** The journal's form: as {@link #toJson} but with the stored state and exact milliseconds. */
  ObjectNode stored() {
    ObjectNode node = Json.object()
        .put("id", id)
        .put("object", "action.proposal")
        .put("action", action);
    node.set("arguments", Json.MAPPER.valueToTree(arguments));
    node.set("argv", Json.MAPPER.valueToTree(argv));
    node.put("state", state)
        .put("proposed_by", proposedBy)
        .put("proposer_role", proposerRole)
        .put("origin", origin)
        .put("created_at", createdAtMillis / 1000)
        .put("expires_at", expiresAtMillis / 1000)
        .put("created_at_ms", createdAtMillis)
        .put("expires_at_ms", expiresAtMillis)
        .put("risk", risk)
        .put("timeout_seconds", timeoutSeconds)
        .put("rationale", rationale);
    node.putObject("source").put("collection", source.collection()).put("path", source.path())
        .put("start_line", source.startLine()).put("end_line", source.endLine());
    node.set("citations", citations == null ? null : citations.deepCopy());
    node.set("approval", decision(approval));
    node.set("rejection", decision(rejection));
    node.set("run", decision(run));
    node.set("result", result == null ? null : result.deepCopy());
    return node;
  }

  private static ObjectNode decision(Decision d) {
    if (d == null) {
      return null;
    }
    ObjectNode node = Json.object().put("by", d.by()).put("role", d.role()).put("at", d.atMillis() / 1000)
        .put("at_ms", d.atMillis()).put("comment", d.comment());
    if (d.argvSha256() != null) {
      node.put("argv_sha256", d.argvSha256());
    }
    return node;
  }

  private static Decision decisionOf(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new Decision(node.path("by").asText(), node.path("role").asText(), node.path("at_ms").asLong(),
        node.path("comment").isNull() ? null : node.path("comment").asText(null),
        node.hasNonNull("argv_sha256") ? node.get("argv_sha256").asText() : null);
  }

  /** Reads {@link #stored()}'s form. */
  static Proposal fromStored(JsonNode node) {
    Map<String, String> arguments = new LinkedHashMap<>();
    node.path("arguments").fields().forEachRemaining(e -> arguments.put(e.getKey(), e.getValue().asText()));
    List<String> argv = new java.util.ArrayList<>();
    node.path("argv").forEach(a -> argv.add(a.asText()));
    JsonNode source = node.path("source");
    return new Proposal(node.path("id").asText(), node.path("action").asText(),
        new Source(source.path("collection").asText(), source.path("path").asText(), source.path("start_line").asInt(),
            source.path("end_line").asInt()),
        arguments, argv, node.path("risk").asText(), node.path("timeout_seconds").asInt(),
        node.path("rationale").asText(""), node.hasNonNull("citations") ? node.get("citations") : null,
        node.path("proposed_by").asText(), node.path("proposer_role").asText(), node.path("origin").asText("api"),
        node.path("created_at_ms").asLong(), node.path("expires_at_ms").asLong(), node.path("state").asText(),
        decisionOf(node.get("approval")), decisionOf(node.get("rejection")), decisionOf(node.get("run")),
        node.hasNonNull("result") ? node.get("result") : null);
  }
}
