package io.advstream.datasets;

/**
 * Per-channel mean and standard deviation of a data set's pixels, scaled to [0,1]: what a network
 * standardises its input with. Sums are exact (integers) until the final division, so the result
 * does not depend on the order of the images.
 *
 * @param mean per channel
 * @param std per channel (population standard deviation over all pixels)
 * @param images how many images they were computed over
 */
public record PixelStatistics(double[] mean, double[] std, long images) {

  /** The statistics of the first {@code maxImages} images of {@code source}. */
  public static PixelStatistics of(ImageSource source, long maxImages) {
    long[] sum = null;
    long[] sumOfSquares = null;
    long pixelsPerChannel = 0;
    long images = 0;
    for (LabelledImage image : source) {
      if (images == maxImages) {
        break;
      }
      int channels = image.channels();
      if (sum == null) {
        sum = new long[channels];
        sumOfSquares = new long[channels];
      } else if (channels != sum.length) {
        throw new IllegalArgumentException(
            source.name()
                + ": image "
                + image.id()
                + " has "
                + channels
                + " channels, the images before it "
                + sum.length);
      }
      byte[] pixels = image.pixels();
      for (int i = 0; i < pixels.length; i++) {
        int v = pixels[i] & 0xff;
        sum[i % channels] += v;
        sumOfSquares[i % channels] += (long) v * v;
      }
      pixelsPerChannel += pixels.length / channels;
      images++;
    }
    if (images == 0) {
      throw new IllegalArgumentException(source.name() + " has no images to take statistics of");
    }
    double[] mean = new double[sum.length];
    double[] std = new double[sum.length];
    for (int c = 0; c < sum.length; c++) {
      double m = (double) sum[c] / pixelsPerChannel;
      double meanOfSquares = (double) sumOfSquares[c] / pixelsPerChannel;
      mean[c] = m / 255;
      std[c] = Math.sqrt(Math.max(0, meanOfSquares - m * m)) / 255;
    }
    return new PixelStatistics(mean, std, images);
  }
}
