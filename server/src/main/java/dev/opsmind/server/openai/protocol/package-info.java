/**
 * The wire format of the OpenAI-compatible APIs, one file per API, as records Jackson writes in
 * declaration order: {@link dev.opsmind.server.openai.protocol.ChatProtocol} (chat.completion and
 * its chunks, shared by legacy completions' envelope and usage), {@link
 * dev.opsmind.server.openai.protocol.CompletionProtocol} (text_completion choices and legacy
 * logprobs), {@link dev.opsmind.server.openai.protocol.ResponsesProtocol} (the response object,
 * its output items and stream events) and {@link
 * dev.opsmind.server.openai.protocol.OpsmindProtocol} (the {@code opsmind} field of grounded
 * answers: sources, citations, relevance), with {@link
 * dev.opsmind.server.openai.protocol.EmbeddingsProtocol} and {@link
 * dev.opsmind.server.openai.protocol.ModelsProtocol} for /v1/embeddings and /v1/models. To see what a client receives, read these; the reply
 * writers only fill them in. {@code WireGoldenTest} holds every API's output byte for byte.
 *
 * <p>Requests, the other way: {@link dev.opsmind.server.openai.protocol.ChatRequestProtocol},
 * {@link dev.opsmind.server.openai.protocol.CompletionRequestProtocol} and {@link
 * dev.opsmind.server.openai.protocol.ResponsesRequestProtocol}, with the sampling fields they share
 * in {@link dev.opsmind.server.openai.protocol.SamplingRequest}, and {@link
 * dev.opsmind.server.openai.protocol.EmbeddingsRequest} are what Jackson binds a body to
 * ({@code http.RequestReader}); their creators refuse what the JSON types allow but the API does
 * not (ranges, enums, required fields), each error naming its field.
 */
package dev.opsmind.server.openai.protocol;
