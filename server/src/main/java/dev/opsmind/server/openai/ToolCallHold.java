package dev.opsmind.server.openai;

import java.util.List;

/**
 * One streamed reply to a request with tools: how much of its text may go out yet. Text goes out
 * as it comes until a call may be starting: from a call marker ({@code <tool_call>},
 * {@code [TOOL_CALLS]}) on, or from the start when the reply opens like a JSON call ('{' or '['),
 * the rest is held back for the end, when the calls are parsed. A suffix that could be the
 * beginning of a marker is held until it is not.
 */
public final class ToolCallHold {
  private static final List<String> MARKERS = List.of("<tool_call>", "[TOOL_CALLS]");

  /** How much of the reply went out. */
  private int streamed;
  private boolean holding;

  /** Of the reply so far ({@code all}), the new text that may go out now ("" = none). */
  public String next(String all) {
    if (holding) {
      return "";
    }
    if (streamed == 0) {
      switch (opening(all.stripLeading())) {
        case WAIT -> {
          return "";
        }
        case CALL -> {
          holding = true; // a JSON call, maybe: decided at the end
          return "";
        }
        default -> { } // text: streams
      }
    }
    int marker = Integer.MAX_VALUE;
    for (String m : MARKERS) {
      int at = all.indexOf(m, Math.max(0, streamed - m.length()));
      if (at >= 0) {
        marker = Math.min(marker, at);
      }
    }
    int end;
    if (marker != Integer.MAX_VALUE) {
      holding = true;
      end = Math.max(streamed, marker);
    } else {
      end = all.length() - partialMarkerSuffix(all);
    }
    if (end <= streamed) {
      return "";
    }
    String out = all.substring(streamed, end);
    streamed = end;
    return out;
  }

  /** At the end: the text that has not gone out yet and is not part of a call. */
  public String rest(String full, ToolCalls.Parsed parsed) {
    if (parsed.calls().isEmpty()) {
      return full.substring(Math.min(streamed, full.length()));
    }
    String outside = parsed.content() == null ? "" : parsed.content();
    String sent = full.substring(0, Math.min(streamed, full.length())).strip();
    return outside.startsWith(sent) ? outside.substring(sent.length()).strip() : (sent.isEmpty() ? outside : "");
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
}
