package dev.opsmind.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.TokenizerConfigWriter;
import dev.opsmind.inference.checkpoint.TokenizerJsonWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
  private static Path resourceDir(String name) throws URISyntaxException {
    return Path.of(ChatTemplateTest.class.getResource("/chat-templates/" + name + "/tokenizer_config.json").toURI())
        .getParent();
  }

  @Test
  void qwen25ChatMlWithDefaultSystemPrompt() throws Exception {
    ChatTemplate t = ChatTemplate.load(resourceDir("qwen2.5"));
    String out = t.render(List.of(ChatMessage.user("磁盘满了怎么办？")), true);
    assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
        + "<|im_start|>user\n磁盘满了怎么办？<|im_end|>\n"
        + "<|im_start|>assistant\n", out);
  }

  @Test
  void qwen25MultiTurnWithSystemAndNoGenerationPrompt() throws Exception {
    ChatTemplate t = ChatTemplate.load(resourceDir("qwen2.5"));
    String out = t.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
        ChatMessage.assistant("Hello."), ChatMessage.user("Status?")), false);
    assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
        + "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nStatus?<|im_end|>\n", out);
  }

  @Test
  void qwen25ToolCallAndToolResponseMatchHuggingFace() throws Exception {
    ChatTemplate t = ChatTemplate.load(resourceDir("qwen2.5"));
    Map<String, Object> call = Map.of("type", "function", "function",
        Map.of("name", "restart", "arguments", new java.util.LinkedHashMap<>(Map.of("service", "nginx"))));
    String out = t.renderValues(List.of(
        Map.of("role", "user", "content", "重启 nginx"),
        Map.of("role", "assistant", "content", "", "tool_calls", List.of(call)),
        Map.of("role", "tool", "content", "ok")), Map.of(), true);
    // What transformers' apply_chat_template produces for these messages (json.dumps separators).
    assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
        + "<|im_start|>user\n重启 nginx<|im_end|>\n"
        + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"restart\", \"arguments\": {\"service\": \"nginx\"}}\n</tool_call><|im_end|>\n"
        + "<|im_start|>user\n<tool_response>\nok\n</tool_response><|im_end|>\n"
        + "<|im_start|>assistant\n", out);
  }

  @Test
  void tojsonFollowsPythonJsonDumps() {
    Map<String, Object> v = new java.util.LinkedHashMap<>();
    v.put("a", List.of(1, 2.0, true));
    v.put("s", "引号\"\n");
    v.put("e", Map.of());
    assertEquals("{\"a\": [1, 2.0, true], \"s\": \"引号\\\"\\n\", \"e\": {}}", PythonJsonFilter.dumps(v, -1));
    assertEquals("{\n  \"x\": [\n    null\n  ]\n}", PythonJsonFilter.dumps(Map.of("x", java.util.Collections.singletonList(null)), 2));
  }

  @Test
  void llama31WithSystemMessageAndBosToken() throws Exception {
    ChatTemplate t = ChatTemplate.load(resourceDir("llama3.1"));
    String out = t.render(List.of(ChatMessage.system("  You are helpful. "), ChatMessage.user("Hi")), true);
    assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"
        + "You are helpful.<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n", out);
  }

  @Test
  void llama31ToolsGoIntoTheFirstUserMessageAsJson() throws Exception {
    ChatTemplate t = ChatTemplate.load(resourceDir("llama3.1"));
    Map<String, Object> tool = Map.of("type", "function", "function", Map.of("name", "restart"));
    String out = t.renderValues(List.of(Map.of("role", "user", "content", "restart nginx")),
        Map.of("tools", List.of(tool)), true);
    assertTrue(out.contains("Environment: ipython\n"), out);
    assertTrue(out.contains("\"name\""), out);
    assertTrue(out.contains("restart nginx<|eot_id|>"), out);
  }

  @Test
  void raiseExceptionBecomesATypedError() throws Exception {
    ChatTemplate t = ChatTemplate.load(resourceDir("llama3.1"));
    ChatTemplate.ChatTemplateException e = assertThrows(ChatTemplate.ChatTemplateException.class,
        () -> t.renderValues(List.of(Map.of("role", "system", "content", "sys")),
            Map.of("tools", List.of(Map.of("name", "x"))), true));
    assertTrue(e.getMessage().contains("Cannot put tools in the first user message"), e.getMessage());
  }

  @Test
  void loopControlsStrftimeAndTojson() {
    ChatTemplate t = new ChatTemplate(
        "{%- for m in messages %}{% if m.content == 'skip' %}{% continue %}{% endif %}"
            + "{% if loop.index > 3 %}{% break %}{% endif %}"
            + "{{ loop.index }}:{{ m.content | tojson }}{% if not loop.last %},{% endif %}{% endfor %}"
            + "|{{ strftime_now('%Y') }}|{{ bos_token }}{{ eos_token }}",
        "<s>", "</s>");
    String out = t.render(List.of(ChatMessage.user("a\"b"), ChatMessage.user("skip"), ChatMessage.user("c"), ChatMessage.user("d")), false);
    assertEquals("1:\"a\\\"b\",3:\"c\",|" + LocalDateTime.now().getYear() + "|<s></s>", out);
  }

  @Test
  void absentToolsBehaveLikeNone() {
    ChatTemplate t = new ChatTemplate(
        "{% if tools is not none %}T{% endif %}{% if tools %}t{% endif %}[{{ tools is none }}]{{ messages[0].content }}",
        null, null);
    assertEquals("[true]x", t.render(List.of(ChatMessage.user("x")), false));
  }

  @Test
  void strftimeConvertsPythonDirectives() {
    assertEquals("23 Nov 2026 07%", TemplateFunctions.strftime(LocalDateTime.of(2026, 11, 23, 7, 5), "%d %b %Y %H%%"));
  }

  @Test
  void generatedTemplatesRenderForBothFamilies(@org.junit.jupiter.api.io.TempDir Path dir) {
    for (String type : List.of("qwen2", "llama")) {
      Path d = dir.resolve(type);
      TokenizerJsonWriter.Written w = TokenizerJsonWriter.write(d, type, 512);
      TokenizerConfigWriter.write(d, w.specials());
      String out = ChatTemplate.load(d).render(List.of(ChatMessage.user("hi")), true);
      assertTrue(out.contains("hi"), out);
      assertTrue(out.endsWith(type.equals("llama") ? "<|end_header_id|>\n\n" : "<|im_start|>assistant\n"), out);
    }
  }
}
