package dev.opsmind.inference.generate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {
  private static GenerationConfig parse(String json) throws Exception {
    return GenerationConfig.parse(new ObjectMapper().readTree(json), "generation_config.json");
  }

  @Test
  void eosAsListAndSamplingDefaults() throws Exception {
    GenerationConfig c = parse("""
        {"bos_token_id": 151643, "do_sample": true, "eos_token_id": [151645, 151643],
         "repetition_penalty": 1.05, "temperature": 0.7, "top_k": 20, "top_p": 0.8}""");
    assertEquals(Set.of(151645, 151643), c.eosTokenIds());
    assertEquals(151643, c.bosTokenId());
    assertEquals(0.7, c.defaults().temperature());
    assertEquals(0.8, c.defaults().topP());
    assertEquals(20, c.defaults().topK());
    assertEquals(1.05, c.defaults().repetitionPenalty());
  }

  @Test
  void eosAsIntAndDoSampleFalseMeansGreedy() throws Exception {
    GenerationConfig c = parse("{\"eos_token_id\": 2, \"do_sample\": false, \"temperature\": 0.6}");
    assertEquals(Set.of(2), c.eosTokenIds());
    assertTrue(c.defaults().isGreedy());
  }

  @Test
  void badValuesNameTheFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("{\"eos_token_id\": \"x\"}"));
    assertTrue(e.getMessage().contains("generation_config.json"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> parse("{\"top_p\": 1.5}"));
  }

  @Test
  void absentFileGivesDefaults(@TempDir Path dir) {
    GenerationConfig c = GenerationConfig.load(dir);
    assertEquals(Set.of(), c.eosTokenIds());
    assertEquals(SamplingParams.defaults(), c.defaults());
  }
}
