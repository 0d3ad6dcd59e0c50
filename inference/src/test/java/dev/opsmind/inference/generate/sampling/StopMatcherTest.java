package dev.opsmind.inference.generate.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {
  @Test
  void stopStringSpanningThreeDeltasEndsBeforeIt() {
    StopMatcher m = new StopMatcher(List.of("###"));
    assertEquals(new StopMatcher.Result("hello ", false), m.accept("hello #"));
    assertEquals(new StopMatcher.Result("", false), m.accept("#"));
    assertEquals(new StopMatcher.Result("", true), m.accept("# and more"));
    assertEquals(new StopMatcher.Result("", true), m.accept("later"));
    assertEquals("", m.flush());
  }

  @Test
  void heldPrefixIsReleasedWhenItTurnsOutNotToBeAStop() {
    StopMatcher m = new StopMatcher(List.of("END"));
    assertEquals("ab", m.accept("abE").emit());
    assertEquals("ENx", m.accept("Nx").emit());
    assertFalse(m.stopped());
    assertEquals("E", m.accept("E").emit().isEmpty() ? m.flush() : "unexpected");
  }

  @Test
  void earliestOfSeveralStopsWins() {
    StopMatcher m = new StopMatcher(List.of("bar", "oo"));
    StopMatcher.Result r = m.accept("foobar");
    assertTrue(r.stopped());
    assertEquals("f", r.emit());
  }

  @Test
  void withoutStopsEverythingPassesThrough() {
    StopMatcher m = new StopMatcher(List.of());
    assertEquals("日志", m.accept("日志").emit());
  }

  @Test
  void chineseStopString() {
    StopMatcher m = new StopMatcher(List.of("结束"));
    assertEquals("完成", m.accept("完成结").emit());
    StopMatcher.Result r = m.accept("束了");
    assertTrue(r.stopped());
    assertEquals("", r.emit());
  }
}
