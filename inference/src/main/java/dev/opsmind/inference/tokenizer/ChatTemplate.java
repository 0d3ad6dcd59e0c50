package dev.opsmind.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's own chat template (tokenizer_config.json's {@code chat_template}, Jinja) rendered with
 * Jinjava, configured like Hugging Face's renderer: trim_blocks, lstrip_blocks, {@code {{-}}}
 * trimming, {@code raise_exception}, {@code strftime_now}, {@code tojson}.
 */
public final class ChatTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String template;
  private final String bosToken;
  private final String eosToken;
  private final Jinjava jinjava;

  public ChatTemplate(String template, String bosToken, String eosToken) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("chat template is empty");
    }
    this.template = template;
    this.bosToken = bosToken == null ? "" : bosToken;
    this.eosToken = eosToken == null ? "" : eosToken;
    JinjavaConfig config = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withLegacyOverrides(LegacyOverrides.newBuilder()
            .withUseTrimmingForNotesAndExpressions(true)
            .withParseWhitespaceControlStrictly(true)
            .withHandleBackslashInQuotesOnly(true)
            .withKeepNullableLoopValues(true)
            .withUsePyishObjectMapper(true)
            .build())
        .build();
    this.jinjava = new Jinjava(config);
    jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
    jinjava.getGlobalContext().registerFunction(
        new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class, "raiseException", String.class));
    jinjava.getGlobalContext().registerFunction(
        new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class));
  }

  /** The template in {@code modelDir/tokenizer_config.json}; empty-handed → IllegalArgumentException. */
  public static ChatTemplate load(Path modelDir) {
    if (modelDir.getFileName() != null && modelDir.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
        .endsWith(".gguf") && Files.isRegularFile(modelDir)) {
      return fromGguf(modelDir);
    }
    Path file = modelDir.resolve("tokenizer_config.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no tokenizer_config.json in " + modelDir + " (needed for --chat)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    JsonNode t = root.path("chat_template");
    String template = null;
    if (t.isTextual()) {
      template = t.asText();
    } else if (t.isArray()) { // [{name: "default", template: ...}, {name: "tool_use", ...}]
      for (JsonNode named : t) {
        if ("default".equals(named.path("name").asText()) || template == null) {
          template = named.path("template").asText();
        }
      }
    }
    if (template == null) {
      throw new IllegalArgumentException(file + " has no chat_template");
    }
    return new ChatTemplate(template, tokenText(root.path("bos_token")), tokenText(root.path("eos_token")));
  }

  /** A GGUF file's tokenizer.chat_template, BOS/EOS texts from its vocabulary. */
  private static ChatTemplate fromGguf(Path file) {
    try (dev.opsmind.inference.gguf.GgufFile f = dev.opsmind.inference.gguf.GgufFile.open(file)) {
      String template = f.string("tokenizer.chat_template", null);
      if (template == null) {
        throw new IllegalArgumentException(file + " has no tokenizer.chat_template");
      }
      return new ChatTemplate(template, ggufToken(f, "tokenizer.ggml.bos_token_id"),
          ggufToken(f, "tokenizer.ggml.eos_token_id"));
    }
  }

  private static String ggufToken(dev.opsmind.inference.gguf.GgufFile f, String key) {
    long id = f.integer(key, -1);
    dev.opsmind.inference.gguf.GgufValue tokens = f.value("tokenizer.ggml.tokens");
    if (id < 0 || tokens == null || id >= tokens.length()) {
      return null;
    }
    return ((List<?>) tokens.value()).get((int) id).toString();
  }

  /** bos_token/eos_token are a string or an AddedToken object {"content": ...}. */
  private static String tokenText(JsonNode n) {
    if (n.isTextual()) {
      return n.asText();
    }
    return n.path("content").isTextual() ? n.path("content").asText() : null;
  }

  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return renderValues(messages.stream().map(ChatMessage::asTemplateValue).toList(), Map.of(), addGenerationPrompt);
  }

  /**
   * Renders arbitrary message maps (tool calls and the like) with extra template variables
   * ({@code tools}, {@code date_string}, ...). Template errors → IllegalArgumentException.
   */
  public String renderValues(List<Map<String, Object>> messages, Map<String, Object> extra, boolean addGenerationPrompt) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("chat needs at least one message");
    }
    Map<String, Object> vars = new HashMap<>(extra);
    vars.put("messages", messages);
    vars.put("add_generation_prompt", addGenerationPrompt);
    vars.put("bos_token", bosToken);
    vars.put("eos_token", eosToken);
    RenderResult result = jinjava.renderForResult(template, vars);
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new ChatTemplateException(describe(error));
      }
    }
    return result.getOutput();
  }

  private static String describe(TemplateError error) {
    Throwable cause = error.getException();
    while (cause != null) {
      if (cause instanceof TemplateFunctions.RaisedException raised) {
        return "chat template raised: " + raised.getMessage();
      }
      cause = cause.getCause();
    }
    return "chat template error at line " + error.getLineno() + ": " + error.getMessage();
  }

  public String bosToken() {
    return bosToken;
  }

  public String eosToken() {
    return eosToken;
  }

  /** A template-side failure (raise_exception or a rendering error): the request was at fault. */
  public static final class ChatTemplateException extends IllegalArgumentException {
    public ChatTemplateException(String message) {
      super(message);
    }
  }
}
