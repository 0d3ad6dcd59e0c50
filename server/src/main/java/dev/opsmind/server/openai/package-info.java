/**
 * The OpenAI-compatible API without grounding: chat completions, (legacy) completions, the
 * Responses API with its store, embeddings, models, tokenize. A request body is bound once into
 * its wire records ({@link dev.opsmind.server.openai.protocol}: each record's creator checks what
 * Jackson's types cannot), and made into what the handlers use ({@link
 * dev.opsmind.server.openai.ChatCompletionRequest}, {@link
 * dev.opsmind.server.openai.CompletionRequest}, {@link dev.opsmind.server.openai.ResponsesRequest}
 * whose chat request is built of the same typed messages and tools, {@link
 * dev.opsmind.server.openai.GenerationOptions}, {@link dev.opsmind.server.openai.ToolCalls}) with
 * the rules between fields.
 *
 * <p>One {@link dev.opsmind.server.openai.GenerationSession} runs every generation — plain here,
 * grounded in {@code grounded} — on the model's scheduler: it submits the choices, streams or
 * collects their text, and leaves what a finished or failed generation becomes to its {@link
 * dev.opsmind.server.openai.Policy} ({@link
 * dev.opsmind.server.openai.Policy#PLAIN}: the model's reply, tool calls parsed, errors
 * answer). One reply writer per API fills in the wire records of {@link
 * dev.opsmind.server.openai.protocol}: {@link dev.opsmind.server.openai.ChatReply}, {@link
 * dev.opsmind.server.openai.CompletionsReply} and {@link dev.opsmind.server.openai.ResponsesReply}
 * (through {@link dev.opsmind.server.openai.ResponseWriter}, the response's event sequence).
 */
package dev.opsmind.server.openai;
