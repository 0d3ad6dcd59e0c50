package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.model.KvCache;
import java.util.ArrayList;
import java.util.List;

/** One choice: a prompt (shared by its n siblings), how to sample it, and what came of it. */
public final class Choice {
  final int index;
  final int promptIndex;
  final int[] prompt;
  final SamplingParams params;
  final KvCache prefix;
  final String echo;
  /** The offered tools whose calls the reply may hold (null: none): text then streams as {@link ToolCallHold} lets it. */
  final ToolCalls tools;
  private final ToolCallHold hold;
  final StringBuilder text = new StringBuilder();
  final List<Logprobs.TokenText> logprobs = new ArrayList<>();
  boolean streamedAny;
  GenerationResult result;
  Reply.Settled settled;
  Scheduler.Handle handle;

  /**
   * @param prompt the prompt tokens (null: nothing is generated, the policy answers alone)
   * @param prefix the cached prefix of {@code prompt}, or null
   * @param echo the prompt text a completion repeats before its text, or null
   * @param tools the offered tools whose calls end the reply, or null
   */
  public Choice(int index, int promptIndex, int[] prompt, SamplingParams params, KvCache prefix, String echo,
      ToolCalls tools) {
    this.index = index;
    this.promptIndex = promptIndex;
    this.prompt = prompt;
    this.params = params;
    this.prefix = prefix;
    this.echo = echo;
    this.tools = tools;
    this.hold = tools == null ? null : new ToolCallHold();
  }

  /** Appends a piece of the reply; returns what of it may be streamed now ("" = held back). */
  String next(String delta) {
    text.append(delta);
    return hold == null ? delta : hold.next(text.toString());
  }

  /** The reply's result, once in. */
  public GenerationResult result() {
    return result;
  }

  /** The reply's tool calls ({@code parsed}: the reply parsed by the tools), and what is left to stream. */
  public String rest(ToolCalls.Parsed parsed) {
    return hold == null ? "" : hold.rest(result.text(), parsed);
  }

  /** Whether any of the reply's text went out. */
  public boolean streamedAny() {
    return streamedAny;
  }
}
