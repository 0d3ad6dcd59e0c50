package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.opsmind.server.answer.Citation;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The runbook actions a grounded answer offers ({@code opsmind.proposed_actions}): given the
 * question and the answer's citations, the actions the cited runbooks declare, created as pending
 * proposals when the question supplies every argument. Blocking (index, journal, audit): called on
 * a worker. The server's actions feature provides it; without one the field is absent.
 */
@FunctionalInterface
public interface ActionProposer {
  ActionProposer NONE = (ctx, question, citations) -> null;

  /** The proposed actions as JSON, or null for none. */
  ArrayNode propose(RoutingContext ctx, String question, List<Citation> citations);
}
