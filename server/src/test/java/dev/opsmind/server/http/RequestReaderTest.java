package dev.opsmind.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding request records: Jackson's type errors and the creators' errors name the field by its path. */
class RequestReaderTest {
  @RequestReader.Shape("'%s' must be an object with 'name'")
  record Item(String name, Boolean on) {
    @JsonCreator
    static Item of(@JsonProperty("name") String name, @JsonProperty("on") Boolean on) {
      if (name == null) {
        throw new FieldError("name", at -> "Missing required parameter: '" + at + ".name'");
      }
      return new Item(name, on);
    }
  }

  record Body(String model, List<Item> items, Long seed, JsonNode n) {
    @JsonCreator
    static Body of(@JsonProperty("model") String model, @JsonProperty("items") List<Item> items,
        @JsonProperty("seed") Long seed, @JsonProperty("n") JsonNode n) {
      Fields.nonBlank("model", model);
      Fields.optInt("n", n, 1, 16);
      return new Body(model, items, seed, n);
    }
  }

  private static InvalidRequestException refused(String json) throws Exception {
    return assertThrows(InvalidRequestException.class, () -> RequestReader.read(Json.MAPPER.readTree(json), Body.class));
  }

  private static void refused(String json, String param, String message) throws Exception {
    InvalidRequestException e = refused(json);
    assertEquals(param, e.param(), json);
    assertEquals(message, e.getMessage(), json);
  }

  @Test
  void wrongTypesAreNamedByTheirPathAndNothingIsCoerced() throws Exception {
    refused("{\"model\":5}", "model", "'model' must be a string, got a number");
    refused("{\"model\":\"m\",\"items\":{}}", "items", "'items' must be an array, got an object");
    refused("{\"model\":\"m\",\"items\":[{\"name\":\"a\"},{\"name\":\"b\",\"on\":\"yes\"}]}", "items[1].on",
        "'items[1].on' must be a boolean, got a string");
    refused("{\"model\":\"m\",\"items\":[{\"name\":\"a\",\"on\":1}]}", "items[0].on",
        "'items[0].on' must be a boolean, got a number");
    refused("{\"model\":\"m\",\"items\":[{\"name\":true}]}", "items[0].name", "'items[0].name' must be a string, got a boolean");
    refused("{\"model\":\"m\",\"seed\":1.5}", "seed", "'seed' must be a 64-bit integer, got a number");
    refused("{\"model\":\"m\",\"seed\":\"7\"}", "seed", "'seed' must be a 64-bit integer, got a string");
    refused("{\"model\":\"m\",\"seed\":99999999999999999999}", "seed", "'seed' must be a 64-bit integer, got a number");
  }

  @Test
  void creatorsErrorsKeepTheirWordsAndGainThePath() throws Exception {
    refused("{\"items\":[]}", "model", "Missing required parameter: 'model'");
    refused("{\"model\":\"m\",\"items\":[{\"on\":true}]}", "items[0].name", "Missing required parameter: 'items[0].name'");
    refused("{\"model\":\"m\",\"items\":[\"a\"]}", "items[0]", "'items[0]' must be an object with 'name'");
    refused("{\"model\":\"m\",\"n\":3}".replace("3", "17"), "n", "'n' must be between 1 and 16, got 17");
    refused("{\"model\":\"m\",\"n\":2.5}", "n", "'n' must be an integer, got a number");
  }

  @Test
  void unknownFieldsAreIgnoredAndTheLastDuplicateWins() throws Exception {
    Body body = RequestReader.read(Json.MAPPER.readTree("{\"model\":\"m\",\"extra\":{\"x\":1},\"seed\":1,\"seed\":2,"
        + "\"items\":[{\"name\":\"a\",\"color\":\"red\"}]}"), Body.class);
    assertEquals(2L, body.seed());
    assertEquals("a", body.items().get(0).name());
    assertNull(body.items().get(0).on());
  }
}
