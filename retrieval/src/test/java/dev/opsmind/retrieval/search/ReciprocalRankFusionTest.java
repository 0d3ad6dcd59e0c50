package dev.opsmind.retrieval.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {
  @Test
  void docsInBothListsRiseAndScoresFollowTheFormula() {
    List<ReciprocalRankFusion.Fused> fused =
        ReciprocalRankFusion.fuse(new int[] {1, 2, 3}, new int[] {3, 4, 1}, new Fusion(60, 1, 1, 10), 10);
    assertEquals(List.of(1, 3, 2, 4), fused.stream().map(ReciprocalRankFusion.Fused::doc).toList());
    assertEquals(1.0 / 61 + 1.0 / 63, fused.get(0).score(), 1e-12);
    assertEquals(1, fused.get(0).bm25Rank());
    assertEquals(3, fused.get(0).vectorRank());
    assertEquals(0, fused.get(3).bm25Rank());
  }

  @Test
  void weightsShiftTheOrder() {
    int[] bm25 = {1, 2};
    int[] vector = {2, 1};
    assertEquals(1, ReciprocalRankFusion.fuse(bm25, vector, new Fusion(0, 2, 1, 10), 1).get(0).doc());
    assertEquals(2, ReciprocalRankFusion.fuse(bm25, vector, new Fusion(0, 1, 2, 10), 1).get(0).doc());
  }

  @Test
  void aWeightPerPositionCountsForThatDocOnly() {
    // doc 8 at full weight, doc 9 at half: 1/61 and 0.5/62
    var ranking = new ReciprocalRankFusion.Ranking(new int[] {8, 9}, 0.5, false, new double[] {1.0, 0.5});
    List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(List.of(ranking), 60, 10);
    assertEquals(1.0 / 61, fused.get(0).score(), 1e-12);
    assertEquals(0.5 / 62, fused.get(1).score(), 1e-12);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ReciprocalRankFusion.Ranking(new int[] {1, 2}, 1, false, new double[] {1}));
  }

  @Test
  void topKCutsAndEmptyInputsAreFine() {
    assertEquals(2, ReciprocalRankFusion.fuse(new int[] {5, 6, 7}, new int[0], Fusion.DEFAULT, 2).size());
    assertEquals(0, ReciprocalRankFusion.fuse(new int[0], new int[0], Fusion.DEFAULT, 2).size());
  }
}
