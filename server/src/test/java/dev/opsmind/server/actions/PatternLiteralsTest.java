package dev.opsmind.server.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Enum-like parameter patterns give their values; anything looser gives none (checked after the call). */
class PatternLiteralsTest {
  @Test
  void enumLikePatternsGiveTheirValues() {
    assertEquals(List.of("nginx.service", "redis.service"), PatternLiterals.of("^(nginx|redis)\\.service$"));
    assertEquals(List.of("a-x", "a-y", "b-x", "b-y"), PatternLiterals.of("(?:a|b)-(x|y)"));
    assertEquals(List.of("restart"), PatternLiterals.of("^restart$"));
    assertEquals(List.of("$HOME"), PatternLiterals.of("^\\$HOME$"));
  }

  @Test
  void looserPatternsGiveNone() {
    for (String pattern : List.of("^[a-z]{1,16}$", "^(a|b)+$", "^a|b$", "(?s).{1,200}", "^(a|(b|c))$", "^\\d$",
        "^(a|)$", "^key-[0-9]{4}$")) {
      assertNull(PatternLiterals.of(pattern), pattern);
    }
  }
}
