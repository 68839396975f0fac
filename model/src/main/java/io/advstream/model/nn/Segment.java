package io.advstream.model.nn;

/**
 * Rows {@code [start, start+count)} of a batch that belong to one BN set.
 *
 * @param bnSet index of the BN set in the network's list
 */
public record Segment(int bnSet, int start, int count) {
  public Segment {
    if (bnSet < 0 || start < 0 || count <= 0) {
      throw new IllegalArgumentException(
          "bad segment: set " + bnSet + ", start " + start + ", count " + count);
    }
  }

  public int end() {
    return start + count;
  }
}
