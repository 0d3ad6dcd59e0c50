package dev.opsmind.server.openai;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;

/**
 * POST /tokenize: {@code prompt} (vLLM) or {@code content} (llama-server) text, or chat {@code
 * messages} (with {@code tools}) to render through the model's chat template; the fields bound
 * by {@link RequestReader} as {@link Body}, the messages as a chat request.
 *
 * @param model the model named, or null/blank for the only one loaded
 * @param text the text to encode, or null when {@code chat} is given
 * @param textField the field named in errors about the text ("prompt" or "content")
 * @param addSpecial {@code add_special} / {@code add_special_tokens} (null: true)
 * @param chat the messages as a chat request (validated as /v1/chat/completions validates them)
 * @param addGenerationPrompt {@code add_generation_prompt} (null: true)
 */
public record TokenizeRequest(String model, String text, String textField, Boolean addSpecial,
    ChatCompletionRequest chat, Boolean addGenerationPrompt) {

  public static TokenizeRequest read(ObjectNode body) {
    Body fields = RequestReader.read(body, Body.class);
    ChatCompletionRequest chat = null;
    if (fields.text() == null) {
      if (!body.has("messages")) {
        throw new InvalidRequestException("prompt", "send the text as 'prompt' (or 'content'), or chat 'messages'");
      }
      // validated as a chat request for the named (or only) model; the model itself is looked up by the caller
      String model = fields.model() == null || fields.model().isBlank() ? "-" : fields.model();
      chat = ChatCompletionRequest.read(body.deepCopy().put("model", model));
    }
    return new TokenizeRequest(fields.model(), fields.text(), body.has("prompt") ? "prompt" : "content",
        fields.addSpecial(), chat, fields.addGenerationPrompt());
  }

  /** The fields besides {@code messages}; of two spellings given, llama-server's wins. */
  record Body(String model, String text, Boolean addSpecial, Boolean addGenerationPrompt) {
    @JsonCreator
    static Body of(@JsonProperty("model") String model, @JsonProperty("prompt") JsonNode prompt,
        @JsonProperty("content") JsonNode content, @JsonProperty("add_special") JsonNode addSpecial,
        @JsonProperty("add_special_tokens") JsonNode addSpecialTokens,
        @JsonProperty("add_generation_prompt") Boolean addGenerationPrompt) {
      // a field sent as JSON null still counts as sent (NullNode), as it always did
      Boolean special = addSpecial != null ? Fields.optBoolean("add_special", addSpecial)
          : Fields.optBoolean("add_special_tokens", addSpecialTokens);
      String text = content != null ? Fields.optString("content", content) : Fields.optString("prompt", prompt);
      return new Body(model, text, special, addGenerationPrompt);
    }
  }
}
