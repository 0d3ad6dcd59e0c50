package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat choices when the request offers tools: a reply with calls is answered as {@code
 * tool_calls} (finish_reason "tool_calls"), anything else as the text it was.
 *
 * <p>Streamed, text goes out as it comes until a call may be starting: from a call marker
 * ({@code <tool_call>}, {@code [TOOL_CALLS]}) on, or from the start when the reply opens like a
 * JSON call ('{' or '['), the rest is held back, and the final delta brings the calls (and any
 * text left). A suffix that could be the beginning of a marker is held until it is not.
 */
final class ToolCallFormat implements ChoiceFormat {
  private static final List<String> MARKERS = List.of("<tool_call>", "[TOOL_CALLS]");

  private final ChoiceFormat chat;
  private final ToolCalls tools;
  /** Each choice's reply parsed once (call ids must not change between the delta and the reply). */
  private final Map<GenerationSession.Choice, ToolCalls.Parsed> parsed = new IdentityHashMap<>();
  private final Map<GenerationSession.Choice, Held> held = new IdentityHashMap<>();

  /** How much of a streamed choice's text (its {@code text}, delta included) went out. */
  private static final class Held {
    int streamed;
    boolean holding;
  }

  ToolCallFormat(ChoiceFormat chat, ToolCalls tools) {
    this.chat = chat;
    this.tools = tools;
  }

  private ToolCalls.Parsed parsed(GenerationSession.Choice choice) {
    return parsed.computeIfAbsent(choice, c -> tools.parse(c.result.text()));
  }

  @Override
  public String object(boolean chunk) {
    return chat.object(chunk);
  }

  @Override
  public String idPrefix() {
    return chat.idPrefix();
  }

  @Override
  public ObjectNode firstDelta(GenerationSession.Choice choice) {
    return chat.firstDelta(choice);
  }

  @Override
  public String streamable(GenerationSession.Choice choice, String delta) {
    Held h = held.computeIfAbsent(choice, c -> new Held());
    if (h.holding) {
      return "";
    }
    String all = choice.text.toString();
    if (h.streamed == 0) {
      switch (opening(all.stripLeading())) {
        case WAIT -> {
          return "";
        }
        case CALL -> {
          h.holding = true; // a JSON call, maybe: decided at the end
          return "";
        }
        default -> { } // text: streams
      }
    }
    int marker = Integer.MAX_VALUE;
    for (String m : MARKERS) {
      int at = all.indexOf(m, Math.max(0, h.streamed - m.length()));
      if (at >= 0) {
        marker = Math.min(marker, at);
      }
    }
    int end;
    if (marker != Integer.MAX_VALUE) {
      h.holding = true;
      end = Math.max(h.streamed, marker);
    } else {
      end = all.length() - partialMarkerSuffix(all);
    }
    if (end <= h.streamed) {
      return "";
    }
    String out = all.substring(h.streamed, end);
    h.streamed = end;
    return out;
  }

  private enum Opening { WAIT, CALL, TEXT }

  /** How a reply opens: like a JSON call or a call list, like text, or too little to tell yet. */
  private static Opening opening(String lead) {
    if (lead.isEmpty() || lead.equals("[") || (lead.length() < 12 && "[TOOL_CALLS]".startsWith(lead))) {
      return Opening.WAIT;
    }
    if (lead.startsWith("{") || lead.startsWith("[TOOL_CALLS]")) {
      return Opening.CALL;
    }
    if (lead.startsWith("[")) {
      String next = lead.substring(1).stripLeading();
      return next.isEmpty() ? Opening.WAIT : next.startsWith("{") ? Opening.CALL : Opening.TEXT;
    }
    return Opening.TEXT;
  }

  /** Length of the longest suffix of {@code text} that a marker begins with. */
  private static int partialMarkerSuffix(String text) {
    int best = 0;
    for (String m : MARKERS) {
      for (int k = Math.min(m.length() - 1, text.length()); k > best; k--) {
        if (text.endsWith(m.substring(0, k))) {
          best = k;
          break;
        }
      }
    }
    return best;
  }

  @Override
  public void delta(ObjectNode choiceNode, GenerationSession.Choice choice, String text, Logprobs.TokenText logprob) {
    chat.delta(choiceNode, choice, text, logprob);
  }

  @Override
  public void finalDelta(ObjectNode choiceNode, GenerationSession.Choice choice) {
    ToolCalls.Parsed p = parsed(choice);
    Held h = held.get(choice);
    int streamed = h == null ? 0 : h.streamed;
    String full = choice.result.text();
    String rest;
    if (p.calls().isEmpty()) {
      rest = full.substring(Math.min(streamed, full.length()));
    } else {
      // the text outside the calls that has not gone out yet
      String outside = p.content() == null ? "" : p.content();
      String sent = full.substring(0, Math.min(streamed, full.length())).strip();
      rest = outside.startsWith(sent) ? outside.substring(sent.length()).strip() : (sent.isEmpty() ? outside : "");
    }
    ObjectNode delta = choiceNode.putObject("delta");
    if (!rest.isEmpty()) {
      delta.put("content", rest);
    }
    if (!p.calls().isEmpty()) {
      delta.set("tool_calls", ToolCalls.toJson(p.calls(), true));
    }
    choiceNode.putNull("logprobs");
  }

  @Override
  public void whole(ObjectNode choiceNode, GenerationSession.Choice choice, String text,
      List<Logprobs.TokenText> logprobs) {
    chat.whole(choiceNode, choice, text, logprobs);
    ToolCalls.Parsed p = parsed(choice);
    if (!p.calls().isEmpty()) {
      ObjectNode message = (ObjectNode) choiceNode.get("message");
      if (p.content() == null) {
        message.putNull("content");
      } else {
        message.put("content", p.content());
      }
      message.set("tool_calls", ToolCalls.toJson(p.calls(), false));
    }
  }

  @Override
  public String finishReason(GenerationSession.Choice choice) {
    return parsed(choice).calls().isEmpty() ? chat.finishReason(choice) : "tool_calls";
  }
}
