package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.SourcePassage;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The runbook actions a grounded answer offers ({@code opsmind.proposed_actions}): the actions
 * the cited runbooks declare, created as pending proposals when the question supplies every
 * argument; and, with a generator, the {@value #TOOL} function the model may call to request one
 * (still only a pending proposal). Blocking (index, journal, audit): called on a worker. The
 * server's actions feature provides it (adapted by the route table); without one the field is absent.
 */
public interface ActionProposer {
  /** The function a generator calls to request an action. */
  String TOOL = "propose_action";

  ActionProposer NONE = new ActionProposer() {
    @Override
    public ObjectNode tool(Principal caller, List<SourcePassage> sources) {
      return null;
    }

    @Override
    public ArrayNode propose(RoutingContext ctx, String question, List<Citation> citations,
        List<SourcePassage> sources, List<Request> requests) {
      return null;
    }
  };

  /**
   * A call of {@value #TOOL} the model made.
   *
   * @param arguments the call's arguments as the model wrote them (a JSON text)
   * @param said the reply's text outside the call (the model's reason), or null
   */
  record Request(String arguments, String said) {}

  /**
   * The {@value #TOOL} function ({@code {name, description, parameters}}) offering the actions
   * that the runbooks among {@code sources} declare and {@code caller} may see; null when they
   * declare none.
   */
  ObjectNode tool(Principal caller, List<SourcePassage> sources);

  /**
   * The proposed actions as JSON, or null for none: first the model's {@code requests} (each a
   * pending proposal, or the reason it was refused), then the cited runbooks' other actions.
   */
  ArrayNode propose(RoutingContext ctx, String question, List<Citation> citations, List<SourcePassage> sources,
      List<Request> requests);
}
