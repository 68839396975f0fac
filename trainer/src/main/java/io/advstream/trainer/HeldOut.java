package io.advstream.trainer;

import java.util.List;

/**
 * A labelled slice of a dataset that the trainer evaluates clean accuracy on (main BN).
 *
 * @param images HWC pixels in [0,1]
 * @param labels class of each image
 * @param description where the slice comes from, for people: {@code 2000 images of
 *     fashion-mnist/test}
 */
public record HeldOut(List<float[]> images, int[] labels, String description) {}
