package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.config.ServerConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /v1/embeddings and GET /v1/models through raw HTTP on the real (quantised BGE) embedder. */
class EmbeddingsApiTest {
  static final String MODEL = "bge-small-zh-v1.5-q";
  static OpsmindServer server;
  static TestHttp http;

  @BeforeAll
  static void start() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder(MODEL)
        .withLimits(new ServerConfig.Limits(64 * 1024, 0, 0, 0, 0, 0));
    server = OpsmindServer.start(config);
    http = new TestHttp(server.port(), null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void floatVectorsAreUnitLengthWithUsage() {
    var reply = http.post("/v1/embeddings", """
        {"model":"%s","input":["disk full on /var","磁盘已满"],"user":"u1","some_future_field":true}
        """.formatted(MODEL));
    assertEquals(200, reply.status(), reply.body());
    JsonNode body = reply.json();
    assertEquals("list", body.get("object").asText());
    assertEquals(MODEL, body.get("model").asText());
    assertEquals(2, body.get("data").size());
    for (int i = 0; i < 2; i++) {
      JsonNode item = body.get("data").get(i);
      assertEquals(i, item.get("index").asInt());
      assertEquals(512, item.get("embedding").size());
      double norm = 0;
      for (JsonNode v : item.get("embedding")) {
        norm += v.asDouble() * v.asDouble();
      }
      assertEquals(1.0, norm, 1e-3);
    }
    long tokens = body.get("usage").get("prompt_tokens").asLong();
    assertTrue(tokens > 4, "usage counts tokens: " + tokens);
    assertEquals(tokens, body.get("usage").get("total_tokens").asLong());
  }

  @Test
  void base64IsLittleEndianFloat32OfTheSameVector() {
    String input = "restart the ingress controller";
    JsonNode floats = http.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"" + input + "\"}").json();
    JsonNode b64 = http.post("/v1/embeddings",
        "{\"model\":\"" + MODEL + "\",\"input\":\"" + input + "\",\"encoding_format\":\"base64\"}").json();
    byte[] bytes = Base64.getDecoder().decode(b64.get("data").get(0).get("embedding").asText());
    float[] decoded = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
    float[] expected = new float[floats.get("data").get(0).get("embedding").size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) floats.get("data").get(0).get("embedding").get(i).asDouble();
    }
    assertArrayEquals(expected, decoded, 1e-6f);
  }

  @Test
  void tokenArraysAreEmbedded() {
    var reply = http.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":[[101,102,103],[200,201]]}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals(2, reply.json().get("data").size());
    assertEquals(3 + 2 + 4, reply.json().get("usage").get("prompt_tokens").asInt(), "ids plus [CLS]/[SEP] each");
  }

  @Test
  void modelsListTheEmbedder() {
    var list = http.get("/v1/models");
    assertEquals(200, list.status());
    assertEquals(MODEL, list.json().get("data").get(0).get("id").asText());
    assertEquals("model", list.json().get("data").get(0).get("object").asText());
    var one = http.get("/v1/models/" + MODEL);
    assertEquals(200, one.status());
    assertEquals(MODEL, one.json().get("id").asText());
    var missing = http.get("/v1/models/gpt-9");
    assertEquals(404, missing.status());
    assertEquals("model_not_found", missing.error().get("code").asText());
  }

  @Test
  void badInputIs400InOpenAiShape() {
    String[][] cases = {
      {"{\"model\":\"" + MODEL + "\",\"input\":\"\"}", "input"},
      {"{\"model\":\"" + MODEL + "\",\"input\":[]}", "input"},
      {"{\"model\":\"" + MODEL + "\",\"input\":[\"a\",\"\"]}", "input[1]"},
      {"{\"model\":\"" + MODEL + "\",\"input\":5}", "input"},
      {"{\"model\":\"" + MODEL + "\",\"input\":[\"a\",[1,2]]}", "input[1]"},
      {"{\"model\":\"" + MODEL + "\",\"input\":[[-1]]}", "input[0]"},
      {"{\"model\":\"" + MODEL + "\"}", "input"},
      {"{\"input\":\"x\"}", "model"},
      {"{\"model\":7,\"input\":\"x\"}", "model"},
      {"{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"encoding_format\":\"int8\"}", "encoding_format"},
      {"{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"dimensions\":3}", "dimensions"},
    };
    for (String[] c : cases) {
      var reply = http.post("/v1/embeddings", c[0]);
      assertEquals(400, reply.status(), c[0] + " -> " + reply.body());
      assertEquals("invalid_request_error", reply.error().get("type").asText());
      assertEquals(c[1], reply.error().get("param").asText(), c[0]);
    }
    var wrongMethod = http.get("/v1/embeddings");
    assertEquals(405, wrongMethod.status(), wrongMethod.body());
    wrongMethod.error();
    var deep = http.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertEquals(400, deep.status(), deep.body());
    deep.error();
    for (String notAnObject : new String[] {"{\"model\":", "[1,2]", "\"text\"", "", "null"}) {
      var reply = http.post("/v1/embeddings", notAnObject);
      assertEquals(400, reply.status(), notAnObject + " -> " + reply.body());
      reply.error();
    }
  }

  @Test
  void unknownModelIs404AndTooLargeIs413() {
    var unknown = http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}");
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.error().get("code").asText());
    var outOfVocabulary = http.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":[[5, 999999]]}");
    assertEquals(400, outOfVocabulary.status(), outOfVocabulary.body());
    assertEquals("input", outOfVocabulary.error().get("param").asText());
    var big = http.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"" + "x".repeat(100_000) + "\"}");
    assertEquals(413, big.status(), big.body());
    big.error();
  }

  /**
   * Issue 12 item 1: the embedder tokenized whole texts (a 3.8 MB input added 1-1.5 GB of native
   * memory for 512 tokens of use); now only {@code maxInputChars} characters reach the tokenizer.
   */
  @Test
  void onlyTheStartOfAHugeTextIsTokenized() {
    var embedder = server.backends().embedders().orElseThrow().embedder(MODEL).orElseThrow();
    String huge = "disk full on node three ".repeat(160_000); // 3.8 MB
    long[] ids = embedder.tokenize(huge);
    assertTrue(ids.length <= embedder.maxInputChars(), "tokenized " + ids.length + " tokens");
    assertTrue(ids.length > 512, "still more than the model reads");
    float[] vector = embedder.embedQuery(huge);
    assertEquals(embedder.dimension(), vector.length);
  }
}
