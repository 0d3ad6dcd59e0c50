package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;

/**
 * POST /tokenize: {@code prompt} (vLLM) or {@code content} (llama-server) text, or chat {@code
 * messages} (with {@code tools}) to render through the model's chat template.
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
    String model = Fields.optString(body, "model");
    Boolean special = Fields.optBoolean(body, body.has("add_special") ? "add_special" : "add_special_tokens");
    String text = Fields.optString(body, body.has("content") ? "content" : "prompt");
    ChatCompletionRequest chat = null;
    if (text == null) {
      if (!body.has("messages")) {
        throw new InvalidRequestException("prompt", "send the text as 'prompt' (or 'content'), or chat 'messages'");
      }
      // validated as a chat request for the named (or only) model; the model itself is looked up by the caller
      chat = ChatCompletionRequest.read(body.deepCopy().put("model", model == null || model.isBlank() ? "-" : model));
    }
    Boolean generationPrompt = Fields.optBoolean(body, "add_generation_prompt");
    return new TokenizeRequest(model, text, body.has("prompt") ? "prompt" : "content", special, chat, generationPrompt);
  }
}
