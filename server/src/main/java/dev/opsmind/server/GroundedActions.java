package dev.opsmind.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.actions.AssistantProposals;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.server.grounded.ActionProposer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The actions feature's assistant proposals as grounded chat asks for them. It lives here, above
 * both features, so that neither imports the other.
 */
final class GroundedActions implements ActionProposer {
  private final AssistantProposals assistant;

  GroundedActions(AssistantProposals assistant) {
    this.assistant = assistant;
  }

  @Override
  public ObjectNode tool(Principal caller, List<SourcePassage> sources) {
    ObjectNode function = assistant.tool(caller, sources);
    return function == null ? null : function.put("name", TOOL); // the name grounded chat offers
  }

  @Override
  public ArrayNode propose(RoutingContext ctx, String question, List<Citation> citations, List<SourcePassage> sources,
      List<Request> requests) {
    return assistant.propose(ctx, question, citations, sources,
        requests.stream().map(r -> new AssistantProposals.Request(r.arguments(), r.said())).toList());
  }
}
