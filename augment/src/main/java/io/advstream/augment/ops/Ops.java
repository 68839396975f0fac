package io.advstream.augment.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry of image ops by name, as the augmentation policies refer to them. Magnitudes are in
 * each op's own unit: blend factor (Brightness, Color, Contrast, Sharpness: 1 = identity), bits
 * (Posterize), threshold (Solarize), addition (SolarizeAdd), shear factor (ShearX/Y), pixels
 * (TranslateX/Y), degrees counter-clockwise (Rotate), square side (Cutout), padding (RandomCrop);
 * the others ignore it.
 */
public final class Ops {
  private static final Map<String, Op> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("Identity", PixelOps::identity);
    BY_NAME.put("Invert", PixelOps::invert);
    BY_NAME.put("Posterize", PixelOps::posterize);
    BY_NAME.put("Solarize", PixelOps::solarize);
    BY_NAME.put("SolarizeAdd", PixelOps::solarizeAdd);
    BY_NAME.put("Flip", PixelOps::flip);
    BY_NAME.put("AutoContrast", HistogramOps::autoContrast);
    BY_NAME.put("Equalize", HistogramOps::equalize);
    BY_NAME.put("Brightness", EnhanceOps::brightness);
    BY_NAME.put("Contrast", EnhanceOps::contrast);
    BY_NAME.put("Color", EnhanceOps::color);
    BY_NAME.put("Sharpness", EnhanceOps::sharpness);
    BY_NAME.put("ShearX", GeometricOps::shearX);
    BY_NAME.put("ShearY", GeometricOps::shearY);
    BY_NAME.put("TranslateX", GeometricOps::translateX);
    BY_NAME.put("TranslateY", GeometricOps::translateY);
    BY_NAME.put("Rotate", GeometricOps::rotate);
    BY_NAME.put("Cutout", CutoutOps::cutout);
    BY_NAME.put("RandomCrop", CutoutOps::randomCrop);
  }

  private Ops() {}

  /**
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Op named(String name) {
    Op op = BY_NAME.get(name);
    if (op == null) {
      throw new IllegalArgumentException(
          "unknown image op '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
    }
    return op;
  }

  public static Set<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }
}
