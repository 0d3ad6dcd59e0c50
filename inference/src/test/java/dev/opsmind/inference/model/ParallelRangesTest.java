package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelRangesTest {
  @Test
  void partsCoverEveryItemOnceWithAlignedBorders() {
    try (ParallelRanges parallel = new ParallelRanges(3)) {
      for (int items : new int[] {0, 1, 3, 4, 5, 17, 100, 151936}) {
        AtomicIntegerArray seen = new AtomicIntegerArray(items);
        List<int[]> parts = Collections.synchronizedList(new ArrayList<>());
        parallel.run(items, 4, (from, to) -> {
          parts.add(new int[] {from, to});
          for (int i = from; i < to; i++) {
            seen.incrementAndGet(i);
          }
        });
        for (int i = 0; i < items; i++) {
          assertEquals(1, seen.get(i), "item " + i + " of " + items);
        }
        assertTrue(parts.size() <= 3, "at most one part per thread");
        for (int[] p : parts) {
          assertEquals(0, p[0] % 4, "part starts on a block border: " + p[0]);
        }
      }
    }
  }

  @Test
  void aFailingPartFailsTheRunAfterAllPartsFinish() {
    try (ParallelRanges parallel = new ParallelRanges(2)) {
      IllegalStateException boom = new IllegalStateException("boom");
      AtomicIntegerArray done = new AtomicIntegerArray(2);
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> parallel.run(8, 1, (from, to) -> {
        done.set(from == 0 ? 0 : 1, 1);
        if (from > 0) {
          throw boom;
        }
      }));
      assertSame(boom, thrown);
      assertEquals(1, done.get(0));
      assertEquals(1, done.get(1));
      // the pool still works afterwards
      AtomicIntegerArray seen = new AtomicIntegerArray(8);
      parallel.run(8, 1, (from, to) -> {
        for (int i = from; i < to; i++) {
          seen.incrementAndGet(i);
        }
      });
      for (int i = 0; i < 8; i++) {
        assertEquals(1, seen.get(i));
      }
    }
  }

  @Test
  void rejectsZeroThreads() {
    assertThrows(IllegalArgumentException.class, () -> new ParallelRanges(0));
  }
}
