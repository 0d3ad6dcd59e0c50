/**
 * The OpenAI-compatible API without grounding: chat completions, (legacy) completions, the
 * Responses API with its store, embeddings, models, tokenize. Requests are parsed into records
 * ({@link dev.opsmind.server.openai.ChatCompletionRequest}, {@link
 * dev.opsmind.server.openai.CompletionRequest}, {@link dev.opsmind.server.openai.ResponsesRequest}
 * which reads a response request as the chat request it amounts to, {@link
 * dev.opsmind.server.openai.GenerationOptions}, {@link dev.opsmind.server.openai.ToolCalls});
 * {@link dev.opsmind.server.openai.GenerationSession} runs their choices on the model scheduler and
 * a reply writes them: {@link dev.opsmind.server.openai.ChoicesReply} (chat and completions,
 * differing by {@link dev.opsmind.server.openai.ChoiceFormat}) or {@link
 * dev.opsmind.server.openai.ResponsesReply} (through {@link dev.opsmind.server.openai.ResponseWriter}).
 * What goes on the wire is typed in {@link dev.opsmind.server.openai.protocol}: one file per API.
 */
package dev.opsmind.server.openai;
