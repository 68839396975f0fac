package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The loss against values worked by hand: softmax(0, ln 2, ln 3) = (1/6, 2/6, 3/6). */
class SoftmaxCrossEntropyTest {
  private static final double LN2 = Math.log(2);
  private static final double LN3 = Math.log(3);

  private static INDArray logits(DataType type) {
    return Nd4j.create(new double[] {0, LN2, LN3, 5, 5, 5, 0, 0, 10}, new long[] {3, 3}, type);
  }

  /** Row 0 alone in a segment of weight 1; rows 1 and 2 in a segment of weight 0.5. */
  private static final List<Segment> SEGMENTS = List.of(new Segment(0, 0, 1), new Segment(1, 1, 2));

  private static final double[] WEIGHTS = {1.0, 0.5};
  private static final int[] LABELS = {2, 0, 1};

  @Test
  void lossGradientAndHitsPerSegment() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      SoftmaxCrossEntropy.Result r =
          new SoftmaxCrossEntropy(0).compute(logits(type), LABELS, SEGMENTS, WEIGHTS);
      double row2 = -Math.log(Math.exp(0) / (2 + Math.exp(10)));
      assertThat(r.segmentLoss()[0]).isCloseTo(LN2, within(1e-6));
      assertThat(r.segmentLoss()[1]).isCloseTo((LN3 + row2) / 2, within(1e-5));
      assertThat(r.loss()).isCloseTo(LN2 + 0.5 * (LN3 + row2) / 2, within(1e-5));
      // Row 1 ties: the first class wins, as with Nd4j.argMax, and it is the label. Row 2 misses.
      assertThat(r.segmentCorrect()).containsExactly(1, 1);
      INDArray g = r.gradLogits();
      assertThat(g.dataType()).isEqualTo(type);
      // (p − onehot) · weight / segment size
      assertThat(g.getDouble(0, 0)).isCloseTo(1.0 / 6, within(1e-6));
      assertThat(g.getDouble(0, 1)).isCloseTo(2.0 / 6, within(1e-6));
      assertThat(g.getDouble(0, 2)).isCloseTo(-0.5, within(1e-6));
      assertThat(g.getDouble(1, 0)).isCloseTo((1.0 / 3 - 1) * 0.25, within(1e-6));
      assertThat(g.getDouble(1, 1)).isCloseTo(1.0 / 3 * 0.25, within(1e-6));
    }
  }

  @Test
  void labelSmoothingSpreadsTheTarget() {
    SoftmaxCrossEntropy.Result r =
        new SoftmaxCrossEntropy(0.3)
            .compute(
                logits(DataType.DOUBLE), LABELS, List.of(new Segment(0, 0, 1)), new double[] {1});
    // targets 0.1, 0.1, 0.8
    double expected = -(0.1 * Math.log(1.0 / 6) + 0.1 * Math.log(2.0 / 6) + 0.8 * Math.log(0.5));
    assertThat(r.loss()).isCloseTo(expected, within(1e-9));
    assertThat(r.gradLogits().getDouble(0, 0)).isCloseTo(1.0 / 6 - 0.1, within(1e-9));
    assertThat(r.gradLogits().getDouble(0, 2)).isCloseTo(0.5 - 0.8, within(1e-9));
  }
}
