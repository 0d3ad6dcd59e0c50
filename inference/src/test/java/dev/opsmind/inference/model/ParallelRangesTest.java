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
        assertTrue(parts.size() <= 24, "at most 8 chunks per thread: " + parts.size());
        for (int[] p : parts) {
          assertEquals(0, p[0] % 4, "part starts on a block border: " + p[0]);
        }
      }
    }
  }

  @Test
  void aFailingChunkFailsTheRunAfterAllChunksFinish() {
    try (ParallelRanges parallel = new ParallelRanges(2)) {
      IllegalStateException boom = new IllegalStateException("boom");
      AtomicIntegerArray done = new AtomicIntegerArray(8);
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> parallel.run(8, 1, (from, to) -> {
        for (int i = from; i < to; i++) {
          done.set(i, 1);
        }
        if (from == 3) {
          throw boom;
        }
      }));
      assertSame(boom, thrown);
      for (int i = 0; i < 8; i++) {
        assertEquals(1, done.get(i), "the other chunks still ran: " + i);
      }
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
