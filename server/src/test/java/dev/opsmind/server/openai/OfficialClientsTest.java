package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ToolChoiceFunction;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiLanguageModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official clients, unchanged, against a running server: OpenAI's openai-java and
 * LangChain4j's OpenAI module. Tiny random Qwen2 checkpoint + the quantised BGE embedder.
 */
class OfficialClientsTest {
  static final String KEY = "sk-official-test";
  static final String EMBEDDER = "bge-small-zh-v1.5-q";
  @TempDir static Path tmp;
  static OpsmindServer server;
  static String model;
  static String baseUrl;
  static OpenAIClient openai;

  @BeforeAll
  static void start() {
    Path dir = TestModels.tinyQwen2Long(tmp);
    model = dir.getFileName().toString();
    server = OpsmindServer.start(ServerConfig.defaults().withPort(0).withEmbedder(EMBEDDER)
        .withIndex(tmp.resolve("index"))
        .withModels(List.of(dir.toString()))
        .withLimits(new ServerConfig.Limits(0, 0, 8, 64, 8192, 16))
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("tester", ApiKeys.sha256Hex(KEY), false))));
    baseUrl = "http://127.0.0.1:" + server.port() + "/v1";
    openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(KEY).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    openai.close();
    server.close();
  }

  private static ChatCompletionCreateParams chatParams() {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage("You answer ops questions.")
        .addUserMessage("How do I find what fills /var?")
        .temperature(0.0)
        .maxCompletionTokens(12)
        .build();
  }

  @Test
  void openaiJavaListsModels() {
    List<String> ids = openai.models().list().data().stream().map(Model::id).toList();
    assertTrue(ids.contains(model), ids.toString());
    assertTrue(ids.contains(EMBEDDER), ids.toString());
    assertEquals(model, openai.models().retrieve(model).id());
  }

  @Test
  void openaiJavaChatAndStreamingAgree() {
    ChatCompletion completion = openai.chat().completions().create(chatParams());
    String text = completion.choices().get(0).message().content().orElse("");
    assertTrue(completion.usage().isPresent());
    assertEquals(completion.usage().get().promptTokens() + completion.usage().get().completionTokens(),
        completion.usage().get().totalTokens());
    StringBuilder streamed = new StringBuilder();
    int finishes = 0;
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(chatParams())) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
          choice.delta().content().ifPresent(streamed::append);
          if (choice.finishReason().isPresent()) {
            finishes++;
          }
        }
      }
    }
    assertEquals(1, finishes);
    assertEquals(text, streamed.toString());
  }

  @Test
  void openaiJavaGetsAForcedToolCall() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage("restart nginx on web-1")
        .addTool(ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder()
            .function(FunctionDefinition.builder().name("restart_service").description("Restart a unit")
                .parameters(FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(java.util.Map.of(
                        "host", java.util.Map.of("enum", List.of("web-1", "web-2")))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("host")))
                    .build())
                .build())
            .build()))
        .toolChoice(ChatCompletionNamedToolChoice.builder()
            .function(ChatCompletionNamedToolChoice.Function.builder().name("restart_service").build()).build())
        .temperature(0.0)
        .maxCompletionTokens(200) // the tiny test vocabulary spells names byte by byte
        .build();
    ChatCompletion completion = openai.chat().completions().create(params);
    var choice = completion.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    var call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("restart_service", call.function().name());
    assertTrue(call.function().arguments().contains("\"host\""), call.function().arguments());
  }

  @Test
  void langchain4jGetsARequiredToolCall() {
    OpenAiChatModel chat = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName(model)
        .temperature(0.0).maxTokens(200).maxRetries(0).build();
    var tool = dev.langchain4j.agent.tool.ToolSpecification.builder().name("restart_service")
        .description("Restart a unit")
        .parameters(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
            .addEnumProperty("host", List.of("web-1", "web-2")).required("host").build())
        .build();
    ChatResponse response = chat.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(dev.langchain4j.data.message.UserMessage.from("restart nginx on web-1"))
        .toolSpecifications(tool)
        .toolChoice(dev.langchain4j.model.chat.request.ToolChoice.REQUIRED)
        .build());
    var calls = response.aiMessage().toolExecutionRequests();
    assertEquals(1, calls.size(), response.toString());
    assertEquals("restart_service", calls.get(0).name());
    assertTrue(calls.get(0).arguments().contains("\"host\""), calls.get(0).arguments());
  }

  @Test
  void openaiJavaResponsesPlainStreamedAndAFunctionCall() {
    ResponseCreateParams params = ResponseCreateParams.builder().model(model).instructions("You are terse.")
        .input("Nginx returns 502 on every route").maxOutputTokens(6L).temperature(0.0).build();
    Response response = openai.responses().create(params);
    assertTrue(response.usage().orElseThrow().outputTokens() <= 6);
    assertTrue(response.usage().orElseThrow().inputTokens() > 0);
    String text = response.output().stream().flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
        .map(ResponseOutputText::text).collect(java.util.stream.Collectors.joining());
    StringBuilder deltas = new StringBuilder();
    Response[] last = new Response[1];
    try (StreamResponse<ResponseStreamEvent> stream = openai.responses().createStreaming(params)) {
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
        event.completed().ifPresent(done -> last[0] = done.response());
        event.incomplete().ifPresent(done -> last[0] = done.response());
      });
    }
    assertEquals(text, deltas.toString());
    assertEquals(response.status(), last[0].status());

    FunctionTool restart = FunctionTool.builder().name("restart_service").description("Restart a unit").strict(false)
        .parameters(FunctionTool.Parameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(java.util.Map.of("host",
                java.util.Map.of("enum", List.of("web-1", "web-2"))))).build())
        .build();
    Response called = openai.responses().create(params.toBuilder().input("restart nginx on web-1")
        .maxOutputTokens(200L).tools(List.of(com.openai.models.responses.Tool.ofFunction(restart)))
        .toolChoice(ToolChoiceFunction.builder().name("restart_service").build()).build());
    ResponseFunctionToolCall call = called.output().get(0).functionCall().orElseThrow();
    assertEquals("restart_service", call.name());
    assertTrue(call.arguments().contains("\"host\""), call.arguments());
  }

  @Test
  void openaiJavaCompletions() {
    Completion completion = openai.completions().create(CompletionCreateParams.builder()
        .model(model).prompt("The disk is full because").maxTokens(6).temperature(0.0).build());
    assertEquals(1, completion.choices().size());
    assertTrue(completion.usage().get().completionTokens() <= 6);
  }

  @Test
  void openaiJavaEmbeddingsDefaultToBase64AndDecode() {
    CreateEmbeddingResponse base64 = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model(EMBEDDER).input("certificate expired on the ingress").build());
    CreateEmbeddingResponse floats = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model(EMBEDDER).input("certificate expired on the ingress")
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
    List<Float> a = base64.data().get(0).embedding();
    List<Float> b = floats.data().get(0).embedding();
    assertEquals(512, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(b.get(i), a.get(i), 1e-6f);
    }
    assertTrue(base64.usage().promptTokens() > 0);
  }

  @Test
  void openaiJavaSeesOpenAiErrors() {
    OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-wrong").maxRetries(0).build();
    assertThrows(UnauthorizedException.class, () -> wrongKey.models().list());
    wrongKey.close();
    NotFoundException notFound = assertThrows(NotFoundException.class, () -> openai.chat().completions().create(
        chatParams().toBuilder().model("gpt-4o").build()));
    assertEquals("model_not_found", notFound.code().orElse(""));
    BadRequestException bad = assertThrows(BadRequestException.class, () -> openai.chat().completions().create(
        chatParams().toBuilder().temperature(7.0).build()));
    assertEquals("temperature", bad.param().orElse(""));
    assertThrows(BadRequestException.class, () -> openai.embeddings().create(EmbeddingCreateParams.builder()
        .model(EMBEDDER).input("").build()));
  }

  @Test
  void langchain4jChatStreamingCompletionsAndEmbeddings() throws Exception {
    OpenAiChatModel chat = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName(model)
        .temperature(0.0).maxTokens(10).maxRetries(0).build();
    ChatResponse response = chat.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(dev.langchain4j.data.message.UserMessage.from("restart the ingress controller")).build());
    String text = response.aiMessage().text() == null ? "" : response.aiMessage().text();
    assertTrue(response.tokenUsage().outputTokenCount() <= 10);

    OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(KEY)
        .modelName(model).temperature(0.0).maxTokens(10).build();
    StringBuilder partial = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat("restart the ingress controller", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String token) {
        partial.append(token);
      }

      @Override
      public void onCompleteResponse(ChatResponse complete) {
        done.complete(complete);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    done.get(2, TimeUnit.MINUTES);
    assertEquals(text, partial.toString());

    OpenAiLanguageModel language = OpenAiLanguageModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName(model)
        .temperature(0.0).maxRetries(0).build();
    assertTrue(language.generate("Nginx returns 502 when").tokenUsage().outputTokenCount() >= 1);

    OpenAiEmbeddingModel embeddings = OpenAiEmbeddingModel.builder().baseUrl(baseUrl).apiKey(KEY)
        .modelName(EMBEDDER).maxRetries(0).build();
    Embedding vector = embeddings.embed("磁盘空间不足").content();
    assertEquals(512, vector.dimension());
    assertFalse(Float.isNaN(vector.vector()[0]));
  }
}
